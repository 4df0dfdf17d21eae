import { Manager } from 'socket.io-client';
import { MemoryRoomsStore, type Member, type Message } from '../src/index.js';
import { ConnectionsService } from '../src/chat/services/connections.service.js';
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
  request,
  requestOk,
  settle,
  waitFor,
  within,
} from './support/harness.js';

const TOKEN = 'races-admin-token';

/** A store that cannot take a member out (as when Redis is away). */
class RemovalDownStore extends MemoryRoomsStore {
  failRemovals = false;
  override removeMember(room: string, socketId: string, member: Member) {
    return this.failRemovals
      ? Promise.reject(new Error('store unreachable'))
      : super.removeMember(room, socketId, member);
  }
}

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

  it('a leave the store refuses changes nothing: still a member, still delivered to', async () => {
    const store = new RemovalDownStore();
    chat = await ChatHarness.start({ store });
    const alice = await chat.connect('alice');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    store.failRemovals = true;
    expect(
      await request(alice.client, 'room:leave', { room: 'lobby' }),
    ).toMatchObject({ ok: false, error: { code: 'INTERNAL_ERROR' } });
    store.failRemovals = false;
    const received = waitFor(alice.client, 'message:new');
    await requestOk(alice.client, 'message:send', {
      room: 'lobby',
      text: 'still here',
    });
    expect((await received).text).toBe('still here');
    expect(await chat.rooms.members('lobby')).toEqual([
      { userId: alice.session.userId, nickname: 'alice' },
    ]);
  });

  it('refuses quietly an event from a socket the rules no longer know', async () => {
    chat = await ChatHarness.start();
    const alice = await chat.connect('alice');
    // As after a replayed session: the socket is live, the rules forgot it.
    await chat.app.get(ConnectionsService).disconnect(alice.session.id);
    expect(
      await request(alice.client, 'room:join', { room: 'lobby' }),
    ).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

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

describeWithRedis('a client back from a drop (Redis)', () => {
  let prefix: string;
  let chat: ChatHarness;
  beforeEach(async () => {
    prefix = freshPrefix();
    chat = await ChatHarness.start({
      rateLimit: 0,
      redis: { url: REDIS_URL, keyPrefix: prefix },
    });
  });
  afterEach(async () => {
    await chat.close();
    await deleteKeys(prefix);
  });

  it('can send to its rooms in its very first event', async () => {
    const alice = await chat.connect('alice');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    for (let attempt = 0; attempt < 5; attempt++) {
      const first = new Promise((resolve) =>
        alice.client.once('connect', () =>
          resolve(
            request(alice.client, 'message:send', {
              room: 'lobby',
              text: `back ${attempt}`,
            }),
          ),
        ),
      );
      await dropAndRecover(alice.client, async () => undefined);
      expect(alice.client.recovered).toBe(true);
      expect(await within(first)).toMatchObject({ ok: true });
    }
  });
});
