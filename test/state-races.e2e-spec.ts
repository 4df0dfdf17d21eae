import { Manager } from 'socket.io-client';
import { MemoryRoomsStore, type Message } from '../src/index.js';
import {
  ChatHarness,
  collect,
  disconnectReason,
  dropAndRecover,
  requestOk,
  settle,
  waitFor,
  within,
} from './support/harness.js';

const TOKEN = 'races-admin-token';

/** A store whose shared message counter is unreachable. */
class CounterDownStore extends MemoryRoomsStore {
  override countMessage(): Promise<void> {
    return Promise.reject(new Error('counter unreachable'));
  }
}

describe('rules that held only on the happy path', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  it('a recovered client does not get its own room:left replayed', async () => {
    chat = await ChatHarness.start({ rateLimit: 0 });
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    const bobSeesLeft = collect(bob.client, 'room:left');
    const aliceSawLeft = waitFor(alice.client, 'room:left');
    await dropAndRecover(bob.client, async () => {
      await aliceSawLeft;
    });
    expect(bob.client.recovered).toBe(true);
    await settle(bob.client);
    expect(bobSeesLeft).toEqual([]);
  });

  it.each(['system', 'System', 'ＳＹＳＴＥＭ', 'sys\u200btem'])(
    'reserves the system member’s nickname: %j is INVALID_HANDSHAKE',
    async (nickname) => {
      chat = await ChatHarness.start();
      expect(await chat.refusal({ nickname })).toBe('INVALID_HANDSHAKE');
    },
  );

  it('a message whose counter update fails is still accepted, once', async () => {
    chat = await ChatHarness.start({ store: new CounterDownStore() });
    const alice = await chat.connect('alice');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    const received = collect(alice.client, 'message:new');
    const { message } = await requestOk<{ message: Message }>(
      alice.client,
      'message:send',
      { room: 'lobby', text: 'counted or not' },
    );
    await settle(alice.client);
    expect(received).toEqual([message]);
    const { messages } = await chat.rooms.history('lobby');
    expect(messages).toEqual([message]);
  });

  it('a kick off the server closes the /chat socket only, not the client’s other namespaces', async () => {
    chat = await ChatHarness.start({ adminToken: TOKEN });
    const manager = new Manager(chat.url, {
      transports: ['websocket'],
      reconnection: false,
      autoConnect: false,
    });
    const member = manager.socket('/chat', { auth: { nickname: 'kicked' } });
    const operator = manager.socket('/admin', { auth: { token: TOKEN } });
    try {
      const session = waitFor(member as never, 'session');
      const operatorUp = within(
        new Promise((resolve) => operator.once('connect', () => resolve(null))),
      );
      member.connect();
      operator.connect();
      const { userId } = (await session) as { userId: string };
      await operatorUp;
      const kicked = disconnectReason(member);
      const answer = await within(
        operator.emitWithAck('admin:kick', { userId }),
      );
      expect(answer).toEqual({ ok: true, data: { kicked: 1 } });
      expect(await kicked).toBe('io server disconnect');
      // The same connection still carries the other namespace.
      expect(operator.connected).toBe(true);
      expect(
        await within(operator.emitWithAck('admin:stats', {})),
      ).toMatchObject({ ok: true, data: { connections: 0 } });
    } finally {
      member.disconnect();
      operator.disconnect();
    }
  });
});
