import bcrypt from 'bcryptjs';
import { io, type Socket } from 'socket.io-client';
import { HandshakeError } from '../src/index.js';
import { ChatHarness, within } from './support/harness.js';

describe('Socket.IO Admin UI instrumentation', () => {
  let chat: ChatHarness;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    chat = await ChatHarness.start({
      adminToken: 'chat-admin-token',
      adminUi: { username: 'ops', passwordHash: bcrypt.hashSync('s3cret', 4) },
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await chat.close();
  });

  function connect(
    namespace: string,
    auth: Record<string, unknown>,
  ): Promise<string> {
    const socket = io(`${chat.url}${namespace}`, {
      auth,
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(socket);
    return within(
      new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (error) => resolve(error.message));
      }),
    );
  }

  it('accepts the configured basic-auth user on its own namespace', async () => {
    expect(
      await connect('/socket.io-admin', {
        username: 'ops',
        password: 's3cret',
      }),
    ).toBe('connected');
  });

  it('refuses a wrong password', async () => {
    expect(
      await connect('/socket.io-admin', { username: 'ops', password: 'guess' }),
    ).not.toBe('connected');
  });

  it('leaves the chat /admin namespace and its token untouched', async () => {
    expect(
      await connect('/admin', { username: 'ops', password: 's3cret' }),
    ).toBe(HandshakeError.Unauthorized);
    expect(await connect('/admin', { token: 'chat-admin-token' })).toBe(
      'connected',
    );
  });
});
