import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  Message,
  ServerToClientEvents,
} from '../src/index.js';
import { ChatHarness, within } from './support/harness.js';

/**
 * The docs' example client, compiled against the exported event maps (the
 * type check runs in CI) and run against the real server.
 */
describe('typed client from the package entry', () => {
  let chat: ChatHarness;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;

  beforeAll(async () => {
    chat = await ChatHarness.start();
  });
  afterAll(async () => {
    socket.disconnect();
    await chat.close();
  });

  it('joins, sends and receives with typed acks and events', async () => {
    socket = io(`${chat.url}/chat`, {
      auth: { nickname: 'typed' },
      transports: ['websocket'],
      reconnection: false,
    });
    const received = new Promise<Message>((resolve) =>
      socket.once('message:new', resolve),
    );
    await within(
      new Promise<void>((resolve) => socket.once('connect', () => resolve())),
    );
    const joined = await within(
      socket.emitWithAck('room:join', { room: 'lobby' }),
    );
    expect(joined.ok && joined.data.members.map((m) => m.nickname)).toEqual([
      'typed',
    ]);
    const sent = await within(
      socket.emitWithAck('message:send', { room: 'lobby', text: 'hello' }),
    );
    if (!sent.ok) throw new Error(sent.error.code);
    expect(await within(received)).toEqual(sent.data.message);
    const list = await within(socket.emitWithAck('room:list', {}));
    expect(list).toEqual({
      ok: true,
      data: { rooms: [{ room: 'lobby', members: 1 }] },
    });
  });
});
