import {
  ErrorCode,
  HandshakeRefusal,
  HandshakeError,
  MemoryRoomsStore,
  ROOM_NAME_PATTERN,
  RoomsStore,
  type Message,
} from '../src/index.js';
import {
  ChatHarness,
  emitWithoutAck,
  collect,
  disconnectReason,
  request,
  requestOk,
  settle,
  until,
  waitFor,
  within,
} from './support/harness.js';
import { http } from './support/http.js';

describe('handshake and session (/chat)', () => {
  let chat: ChatHarness;
  beforeEach(async () => {
    chat = await ChatHarness.start();
  });
  afterEach(() => chat.close());

  it('emits "session" with the socket id, a stable userId and the trimmed nickname', async () => {
    const { client, session } = await chat.connect('  alice  ');
    expect(session).toEqual({
      id: client.id,
      userId: client.id,
      nickname: 'alice',
    });
  });

  it.each([
    ['missing', {}],
    ['null', { nickname: null }],
  ])('a %s nickname gets a guest-XXXX name', async (_kind, auth) => {
    const client = chat.socket(auth);
    const session = waitFor(client, 'session');
    client.connect();
    expect((await session).nickname).toMatch(/^guest-[0-9a-f]{4}$/);
  });

  it('accepts a nickname of exactly 32 characters', async () => {
    const { session } = await chat.connect('n'.repeat(32));
    expect(session.nickname).toHaveLength(32);
  });

  it.each([
    ['empty', ''],
    ['whitespace only', '   '],
    ['too long', 'n'.repeat(33)],
    ['with a control character', 'ali\u0007ce'],
    ['with a newline inside', 'ali\nce'],
    ['a number', 42],
    ['an object', { name: 'alice' }],
    ['an array', ['alice']],
    ['a boolean', true],
  ])(
    'refuses a nickname that is %s with INVALID_HANDSHAKE',
    async (_kind, nickname) => {
      expect(await chat.refusal({ nickname })).toBe(
        HandshakeError.InvalidHandshake,
      );
    },
  );

  it('serves GET /health', async () => {
    const response = await http(`${chat.url}/health`);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });
});

describe('authentication hook (/chat)', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  beforeEach(async () => {
    chat = await ChatHarness.start({
      authenticate: async ({ auth }) => {
        const { token } = auth as { token?: string };
        if (token === 'broken') throw new Error('token service down');
        if (token === 'odd')
          throw new HandshakeRefusal(HandshakeError.InvalidHandshake);
        return token?.startsWith('user:')
          ? { userId: token.slice(5), nickname: `nick-${token.slice(5)}` }
          : null;
      },
    });
  });

  it('maps the handshake to the host user', async () => {
    const client = chat.socket({ token: 'user:u1' });
    const session = waitFor(client, 'session');
    client.connect();
    expect(await session).toEqual({
      id: client.id,
      userId: 'u1',
      nickname: 'nick-u1',
    });
  });

  it('a user is stable across its sockets', async () => {
    const a = chat.socket({ token: 'user:u1' });
    const b = chat.socket({ token: 'user:u1' });
    const sessions = Promise.all([
      waitFor(a, 'session'),
      waitFor(b, 'session'),
    ]);
    a.connect();
    b.connect();
    const [sa, sb] = await sessions;
    expect(sa.userId).toBe(sb.userId);
    expect(sa.id).not.toBe(sb.id);
    await requestOk(a, 'room:join', { room: 'lobby' });
    await requestOk(b, 'room:join', { room: 'lobby' });
    expect(await requestOk(a, 'room:list')).toEqual({
      rooms: [{ room: 'lobby', members: 1 }],
    });
  });

  it.each([
    ['refused (null)', { token: 'nobody' }, HandshakeError.Unauthorized],
    ['missing', {}, HandshakeError.Unauthorized],
    ['throwing', { token: 'broken' }, HandshakeError.Unauthorized],
    ['refused with a code', { token: 'odd' }, HandshakeError.InvalidHandshake],
  ])('a handshake %s is refused', async (_kind, auth, code) => {
    expect(await chat.refusal(auth)).toBe(code);
  });
});

describe('transport limits and isolation (/chat)', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  it('closes the connection of a sender over 100 kB; the server and the others carry on', async () => {
    chat = await ChatHarness.start({ maxTextLength: 200_000, rateLimit: 0 });
    const big = await chat.connect('big');
    const other = await chat.connect('other');
    await requestOk(big.client, 'room:join', { room: 'lobby' });
    await requestOk(other.client, 'room:join', { room: 'lobby' });
    const closed = disconnectReason(big.client);
    const delivered = collect(other.client, 'message:new');
    emitWithoutAck(big.client, 'message:send', {
      room: 'lobby',
      text: 'x'.repeat(150_000),
    });
    expect(await closed).toBe('transport close');
    await requestOk(other.client, 'message:send', {
      room: 'lobby',
      text: 'still here',
    });
    await settle(other.client);
    expect(delivered.map((m) => m.text)).toEqual(['still here']);
  });

  it('accepts a payload just under the bound', async () => {
    chat = await ChatHarness.start({ maxTextLength: 90_000, rateLimit: 0 });
    const sender = await chat.connect('sender');
    await requestOk(sender.client, 'room:join', { room: 'lobby' });
    const { message } = await requestOk<{ message: Message }>(
      sender.client,
      'message:send',
      {
        room: 'lobby',
        text: 'y'.repeat(90_000),
      },
    );
    expect(message.text).toHaveLength(90_000);
  });

  it("a room named like another socket's id or user id receives none of its private traffic", async () => {
    chat = await ChatHarness.start({
      rateLimit: 0,
      authenticate: ({ auth }) => {
        const { user } = auth as { user: string };
        return { userId: user, nickname: user };
      },
    });
    const open = (user: string) => chat.connectWith({ user });
    const victim = await open('victim');
    const attacker = await open('mallory');
    const sender = await open('sender');
    const names = [
      victim.session.userId,
      `user:${victim.session.userId}`,
      victim.session.id,
    ].filter((name) => ROOM_NAME_PATTERN.test(name));
    expect(names).toContain('victim');
    for (const room of names)
      await requestOk(attacker.client, 'room:join', { room });
    const stolen = collect(attacker.client, 'message:private');
    const toVictim = waitFor(victim.client, 'message:private');
    await requestOk(sender.client, 'message:private', {
      to: 'victim',
      text: 'secret',
    });
    expect((await toVictim).text).toBe('secret');
    await settle(attacker.client);
    expect(stolen).toEqual([]);
    // The rooms the attacker joined are ordinary chat rooms: only its own messages arrive there.
    const roomTraffic = collect(attacker.client, 'message:new');
    await requestOk(sender.client, 'message:broadcast', { text: 'public' });
    await settle(attacker.client);
    expect(roomTraffic).toEqual([]);
  });

  it('cannot join the Socket.IO room of a socket id through the room name pattern', async () => {
    chat = await ChatHarness.start({ rateLimit: 0 });
    const victim = await chat.connect('victim');
    const attacker = await chat.connect('attacker');
    const response = await request(attacker.client, 'room:join', {
      room: victim.session.id,
    });
    // Either the id is not a valid room name, or it is joined as a chat room only.
    if (response.ok) {
      const stolen = collect(attacker.client, 'message:private');
      await requestOk(victim.client, 'message:private', {
        to: victim.session.userId,
        text: 'mine',
      });
      await settle(attacker.client);
      expect(stolen).toEqual([]);
    } else {
      expect(response.error.code).toBe(ErrorCode.ValidationFailed);
    }
  });
});

describe('disconnect cleanup (/chat)', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  it('1,000 clients that connect, join and leave leave no state behind', async () => {
    chat = await ChatHarness.start({ rateLimit: 0 });
    const store = chat.app.get<MemoryRoomsStore>(RoomsStore);
    expect(store).toBeInstanceOf(MemoryRoomsStore);
    const observer = await chat.connect('observer');
    await requestOk(observer.client, 'room:join', { room: 'watched' });
    const left = collect(observer.client, 'room:left');

    for (let batch = 0; batch < 10; batch++) {
      const clients = await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          const { client } = await chat.connect(`c${batch}-${i}`);
          await requestOk(client, 'room:join', { room: `room-${i % 7}` });
          if (i % 10 === 0)
            await requestOk(client, 'room:join', { room: 'watched' });
          return client;
        }),
      );
      for (const client of clients) client.disconnect();
    }
    await until(() => chat.localConnections === 1, 10_000);
    await until(() => store.size().connections === 1, 10_000);
    expect(store.size()).toEqual({ rooms: 1, users: 1, connections: 1 });
    expect(await requestOk(observer.client, 'room:list')).toEqual({
      rooms: [{ room: 'watched', members: 1 }],
    });
    await settle(observer.client);
    expect(left).toHaveLength(100);

    observer.client.disconnect();
    await until(() => chat.localConnections === 0);
    await until(() => store.size().connections === 0);
    expect(store.size()).toEqual({ rooms: 0, users: 0, connections: 0 });
  }, 60_000);
});

describe('Socket.IO path (CHAT_PATH)', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  it('serves Socket.IO on the configured path only', async () => {
    chat = await ChatHarness.start({ path: '/chat-io' });
    const { session } = await chat.connect('pathed', { path: '/chat-io' });
    expect(session.nickname).toBe('pathed');
    const onDefault = chat.socket({}, { path: '/socket.io' });
    const refused = new Promise<string>((resolve) =>
      onDefault.once('connect_error', (error) => resolve(error.message)),
    );
    onDefault.connect();
    expect(await within(refused, 5000)).toBe('websocket error');
    expect((await http(`${chat.url}/chat-io/socket.io.min.js`)).status).toBe(
      200,
    );
  });
});
