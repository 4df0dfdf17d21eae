import type { ChatModuleOptions } from '../src/index.js';
import {
  deleteKeys,
  describeWithRedis,
  freshPrefix,
  REDIS_URL,
} from './support/redis.js';
import {
  ChatHarness,
  collect,
  disconnectReason,
  dropAndRecover,
  emitWithoutAck,
  requestOk,
  request,
  settle,
  until,
  within,
  type ChatClient,
} from './support/harness.js';

const TOKEN = 'recovery-admin-token';

/** The private session id and offset a client would offer on reconnecting. */
function sessionOf(client: ChatClient | { io: unknown }) {
  const { _pid: pid, _lastOffset: offset } = client as unknown as {
    _pid: string;
    _lastOffset: string;
  };
  expect(typeof pid).toBe('string');
  return { pid, offset };
}

/** Replays of stored sessions, against the in-memory or the Redis adapter. */
function replayAttacks(store: () => ChatModuleOptions) {
  let chat: ChatHarness;
  beforeEach(async () => {
    chat = await ChatHarness.start({
      ...store(),
      rateLimit: 0,
      adminToken: TOKEN,
      authenticate: ({ auth }) => {
        const user = (auth as { user?: unknown }).user;
        return typeof user === 'string'
          ? { userId: user, nickname: user }
          : null;
      },
    });
  });
  afterEach(() => chat.close());

  const replay = (user: string, session: { pid: string; offset: string }) =>
    chat.connectWith({ user, ...session });
  /** Drops the client's transport as a network failure would; once the server saw it, its session is stored. */
  const drop = async (
    client: { io: { engine: { close(): void } } },
    namespace = '/chat',
  ) => {
    const count = chat.namespaceSize(namespace);
    client.io.engine.close();
    await until(() => chat.namespaceSize(namespace) < count);
  };

  it('restores a session once: a replay while it is live gets a new socket, not its id', async () => {
    const owner = await chat.connectWith({ user: 'alice' });
    await requestOk(owner.client, 'room:join', { room: 'lobby' });
    const id = owner.client.id;
    const session = sessionOf(owner.client);
    await drop(owner.client);

    // (`recovered` is only set by a client that kept the session itself.)
    const first = await replay('alice', session);
    expect(first.client.id).toBe(id);
    const second = await replay('alice', session);
    expect(second.client.id).not.toBe(id);
    // The restored socket still gets its room's traffic, once; the replay
    // is another socket of the same signed-in user, in her rooms as any is.
    const firstGets = collect(first.client, 'message:new');
    const secondGets = collect(second.client, 'message:new');
    await requestOk(first.client, 'message:send', {
      room: 'lobby',
      text: 'hi',
    });
    await settle(first.client, second.client);
    expect(firstGets.map((m) => m.text)).toEqual(['hi']);
    expect(secondGets.map((m) => m.text)).toEqual(['hi']);
  });

  it('a replay after the owner recovered by itself takes nothing over', async () => {
    const owner = await chat.connectWith({ user: 'alice' });
    await requestOk(owner.client, 'room:join', { room: 'lobby' });
    const stolen = sessionOf(owner.client);
    await dropAndRecover(owner.client, async () => undefined);
    expect(owner.client.recovered).toBe(true);
    const thief = await replay('alice', stolen);
    expect(thief.client.id).not.toBe(owner.client.id);
    const ownerGets = collect(owner.client, 'message:new');
    await requestOk(owner.client, 'message:send', {
      room: 'lobby',
      text: 'mine',
    });
    await settle(owner.client);
    expect(ownerGets.map((m) => m.text)).toEqual(['mine']);
  });

  it('a session replayed under another identity is refused', async () => {
    const owner = await chat.connectWith({ user: 'alice' });
    const session = sessionOf(owner.client);
    await drop(owner.client);
    expect(await chat.refusal({ user: 'eve', ...session })).toBe(
      'UNAUTHORIZED',
    );
  });

  it('a user kicked off the server cannot come back with its rooms through an earlier session', async () => {
    const earlier = await chat.connectWith({ user: 'mallory' });
    await requestOk(earlier.client, 'room:join', { room: 'lobby' });
    const session = sessionOf(earlier.client);
    const earlierId = earlier.client.id;
    await drop(earlier.client);
    const current = await chat.connectWith({ user: 'mallory' });
    const admin = await chat.admin(TOKEN);
    const kicked = disconnectReason(current.client);
    // Out of the room (the membership ends), then off the server.
    await within(
      admin.emitWithAck('admin:kick', { userId: 'mallory', room: 'lobby' }),
    );
    expect(
      await within(admin.emitWithAck('admin:kick', { userId: 'mallory' })),
    ).toEqual({ ok: true, data: { kicked: 1 } });
    expect(await kicked).toBe('io server disconnect');

    const back = await replay('mallory', session);
    expect(back.client.id).not.toBe(earlierId);
    expect(
      await request(back.client, 'room:history', { room: 'lobby' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_IN_ROOM' } });
  });

  it('/admin never restores a session without its token', async () => {
    const admin = await chat.admin(TOKEN);
    const { pid } = sessionOf(admin);
    // /admin gets no events to take an offset from; with Redis any stream
    // entry serves, e.g. one of a chat socket of the attacker's own.
    const { client } = await chat.connectWith({ user: 'mallory' });
    const { offset } = sessionOf(client);
    await drop(admin, '/admin');
    expect(await chat.refusal({ pid, offset }, '/admin')).toBe('UNAUTHORIZED');
  });
}

describe('recovery sessions replayed by an attacker (memory)', () => {
  replayAttacks(() => ({}));
});

describeWithRedis('recovery sessions replayed by an attacker (Redis)', () => {
  let prefix: string;
  beforeEach(() => {
    prefix = freshPrefix();
  });
  afterEach(() => deleteKeys(prefix));
  replayAttacks(() => ({ redis: { url: REDIS_URL, keyPrefix: prefix } }));
});

describe('what the recovery buffer keeps', () => {
  let chat: ChatHarness;
  beforeEach(async () => {
    chat = await ChatHarness.start({ rateLimit: 0, recoveryBufferPackets: 20 });
  });
  afterEach(() => chat.close());

  it('replays missed messages but not typing', async () => {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    const typing = collect(bob.client, 'typing');
    const messages = collect(bob.client, 'message:new');
    await dropAndRecover(bob.client, async () => {
      await requestOk(alice.client, 'typing', { room: 'lobby', typing: true });
      await requestOk(alice.client, 'message:send', {
        room: 'lobby',
        text: 'missed',
      });
    });
    expect(bob.client.recovered).toBe(true);
    await settle(bob.client);
    expect(messages.map((m) => m.text)).toEqual(['missed']);
    expect(typing).toEqual([]);
  });

  it('keeps no refusals, and at most recoveryBufferPackets packets', async () => {
    const alice = await chat.connect('alice');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    const before = await chat.metric('chat_recovery_buffer_packets');
    for (let i = 0; i < 30; i++) {
      emitWithoutAck(alice.client, 'message:send', {
        room: 'elsewhere',
        text: 'x',
      });
    }
    await settle(alice.client);
    expect(await chat.metric('chat_recovery_buffer_packets')).toBe(before);
    for (let i = 0; i < 15; i++) {
      await requestOk(alice.client, 'message:send', {
        room: 'lobby',
        text: 'm',
      });
    }
    expect(await chat.metric('chat_recovery_buffer_packets')).toBe(before + 15);
    for (let i = 0; i < 40; i++) {
      await requestOk(alice.client, 'message:send', {
        room: 'lobby',
        text: 'm',
      });
    }
    expect(
      await chat.metric('chat_recovery_buffer_packets'),
    ).toBeLessThanOrEqual(22);
  });
});
