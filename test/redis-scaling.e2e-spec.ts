import {
  CHAT_REDIS,
  SYSTEM_MEMBER,
  type ChatModuleOptions,
  type JoinResult,
  type Message,
} from '../src/index.js';
import { Redis } from 'ioredis';
import {
  ChatHarness,
  collect,
  disconnectReason,
  dropAndRecover,
  request,
  requestOk,
  settle,
  until,
  waitFor,
  within,
} from './support/harness.js';
import { http } from './support/http.js';
import {
  deleteKeys,
  describeWithRedis,
  freshPrefix,
  keysUnder,
  REDIS_URL,
} from './support/redis.js';

const TOKEN = 'scale-token';

describeWithRedis('two instances sharing Redis', () => {
  let prefix: string;
  let a: ChatHarness;
  let b: ChatHarness;

  const options = (): ChatModuleOptions => ({
    adminToken: TOKEN,
    rateLimit: 0,
    historyLimit: 10,
    redis: {
      url: REDIS_URL,
      keyPrefix: prefix,
      heartbeatMs: 300,
      instanceTtlMs: 1500,
    },
  });

  /** Both instances' adapters subscribed: they can hear each other. */
  async function instancesMet() {
    const probe = new Redis(REDIS_URL);
    try {
      await until(async () => {
        const [, count] = (await probe.pubsub(
          'NUMSUB',
          `${prefix}socket.io#/chat#`,
        )) as [string, number];
        return count === 2;
      });
    } finally {
      probe.disconnect();
    }
  }

  beforeEach(async () => {
    prefix = freshPrefix();
    a = await ChatHarness.start(options());
    b = await ChatHarness.start(options());
    await instancesMet();
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await deleteKeys(prefix);
  });

  it('room messages, joins and member lists cross instances', async () => {
    const alice = await a.connect('alice');
    const bob = await b.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    const joined = waitFor(alice.client, 'room:joined');
    const bobJoin = await requestOk<JoinResult>(bob.client, 'room:join', {
      room: 'lobby',
    });
    expect(bobJoin.members.map((m) => m.nickname)).toEqual(['alice', 'bob']);
    expect((await joined).member.nickname).toBe('bob');

    const toBob = waitFor(bob.client, 'message:new');
    const toAlice = waitFor(alice.client, 'message:new');
    const { message } = await requestOk<{ message: Message }>(
      alice.client,
      'message:send',
      {
        room: 'lobby',
        text: 'across',
      },
    );
    expect(await toBob).toEqual(message);
    expect(await toAlice).toEqual(message);

    for (const instance of [alice.client, bob.client]) {
      expect(await requestOk(instance, 'room:list')).toEqual({
        rooms: [{ room: 'lobby', members: 2 }],
      });
    }
  });

  it('history is shared, and an acknowledged message is already in it', async () => {
    const alice = await a.connect('alice');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    for (let i = 1; i <= 12; i++) {
      await requestOk(alice.client, 'message:send', {
        room: 'lobby',
        text: `m${i}`,
      });
      const response = await http(`${b.url}/api/rooms/lobby/messages?limit=1`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(
        (JSON.parse(response.body) as { messages: Message[] }).messages[0].text,
      ).toBe(`m${i}`);
    }
    const bob = await b.connect('bob');
    const join = await requestOk<JoinResult>(bob.client, 'room:join', {
      room: 'lobby',
    });
    expect(join.history.map((m) => m.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => `m${i + 3}`),
    );
  });

  it('private messages reach every socket of the user on any instance', async () => {
    const sender = await a.connect('sender');
    const bob = await b.connect('bob');
    const toBob = waitFor(bob.client, 'message:private');
    await requestOk(sender.client, 'message:private', {
      to: bob.session.userId,
      text: 'psst',
    });
    expect(await toBob).toMatchObject({ text: 'psst', to: bob.session.userId });
    // A user who is connected nowhere is NOT_FOUND from either instance.
    expect(
      await request(sender.client, 'message:private', {
        to: 'nobody',
        text: 'x',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('typing, broadcasts, announcements and HTTP pushes reach the other instance', async () => {
    const alice = await a.connect('alice');
    const bob = await b.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });

    const typing = waitFor(bob.client, 'typing');
    await requestOk(alice.client, 'typing', { room: 'lobby', typing: true });
    expect((await typing).member.nickname).toBe('alice');

    const broadcast = waitFor(bob.client, 'message:broadcast');
    await requestOk(alice.client, 'message:broadcast', { text: 'to all' });
    expect((await broadcast).text).toBe('to all');

    const admin = await a.admin(TOKEN);
    const announced = waitFor(bob.client, 'announcement');
    await within(admin.emitWithAck('admin:announce', { text: 'notice' }));
    expect(await announced).toMatchObject({
      text: 'notice',
      from: SYSTEM_MEMBER,
    });

    const pushed = waitFor(bob.client, 'message:new');
    const response = await http(`${a.url}/api/rooms/lobby/messages`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ text: 'pushed' }),
    });
    expect(response.status).toBe(201);
    expect(await pushed).toMatchObject({ text: 'pushed', from: SYSTEM_MEMBER });

    const stats = await within(admin.emitWithAck('admin:stats', {}));
    expect(stats).toEqual({
      ok: true,
      data: { connections: 2, rooms: 1, messages: 3 },
    });
  });

  it('admin:kick reaches sockets on the other instance, with and without a room', async () => {
    const target = await b.connect('target');
    const other = await a.connect('other');
    await requestOk(target.client, 'room:join', { room: 'lobby' });
    await requestOk(other.client, 'room:join', { room: 'lobby' });
    const admin = await a.admin(TOKEN);

    const kicked = waitFor(target.client, 'room:kicked');
    const left = waitFor(other.client, 'room:left');
    expect(
      await within(
        admin.emitWithAck('admin:kick', {
          userId: target.session.userId,
          room: 'lobby',
        }),
        8000,
      ),
    ).toEqual({ ok: true, data: { kicked: 1 } });
    expect(await kicked).toEqual({ room: 'lobby' });
    expect((await left).member.nickname).toBe('target');

    const reason = disconnectReason(target.client);
    expect(
      await within(
        admin.emitWithAck('admin:kick', { userId: target.session.userId }),
        8000,
      ),
    ).toEqual({ ok: true, data: { kicked: 1 } });
    expect(await reason).toBe('io server disconnect');
  });

  it('a graceful stop of one instance removes its members everywhere', async () => {
    const alice = await a.connect('alice');
    const bob = await b.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'bobs' });
    const left = waitFor(alice.client, 'room:left');
    await b.close();
    expect((await left).member.nickname).toBe('bob');
    expect(await requestOk(alice.client, 'room:list')).toEqual({
      rooms: [{ room: 'lobby', members: 1 }],
    });
    expect((await a.rooms.stats()).connections).toBe(1);
    b = await ChatHarness.start(options());
  });

  it('the members of an instance that dies without a goodbye are removed by the others', async () => {
    const alice = await a.connect('alice');
    const bob = await b.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    const left = waitFor(alice.client, 'room:left', 8000);

    // B loses Redis for good before it can clean up: the state it wrote stays behind.
    b.app.get<Redis>(CHAT_REDIS).disconnect();
    await b.close();
    expect(await requestOk(alice.client, 'room:list')).toEqual({
      rooms: [{ room: 'lobby', members: 2 }],
    });

    expect((await left).member.nickname).toBe('bob');
    await until(async () => (await a.rooms.stats()).connections === 1, 8000);
    expect(await requestOk(alice.client, 'room:list')).toEqual({
      rooms: [{ room: 'lobby', members: 1 }],
    });
    b = await ChatHarness.start(options());
  });

  it('a dropped client recovers through the other instance', async () => {
    const alice = await a.connect('alice');
    const bob = await b.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    const aliceGets = collect(alice.client, 'message:new');
    const id = alice.client.id;
    const joinedAgain = waitFor(bob.client, 'room:joined', 5000);

    await dropAndRecover(alice.client, async () => {
      await until(async () => (await b.rooms.stats()).connections === 1);
      for (const text of ['missed 1', 'missed 2']) {
        await requestOk(bob.client, 'message:send', { room: 'lobby', text });
      }
      // Come back through instance B.
      (alice.client.io as unknown as { uri: string }).uri = b.url;
    });

    expect(alice.client.recovered).toBe(true);
    expect(alice.client.id).toBe(id);
    expect((await joinedAgain).member.nickname).toBe('alice');
    await settle(alice.client);
    expect(aliceGets.map((m) => m.text)).toEqual(['missed 1', 'missed 2']);
    expect(b.localConnections).toBe(2);
    expect(a.localConnections).toBe(0);
    expect(await requestOk(alice.client, 'room:list')).toEqual({
      rooms: [{ room: 'lobby', members: 2 }],
    });
    const toBob = waitFor(bob.client, 'message:new');
    await requestOk(alice.client, 'message:send', {
      room: 'lobby',
      text: 'back',
    });
    expect((await toBob).text).toBe('back');
  });

  it('leaves no per-room or per-socket keys behind once everyone has gone', async () => {
    const clients = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).connect(`c${i}`)),
    );
    for (const [i, { client }] of clients.entries()) {
      await requestOk(client, 'room:join', { room: `room-${i % 3}` });
      await requestOk(client, 'message:send', {
        room: `room-${i % 3}`,
        text: 'hi',
      });
    }
    for (const { client } of clients) client.disconnect();
    await until(async () => (await a.rooms.stats()).connections === 0, 5000);
    await a.rooms.stats();
    await until(
      async () => (await keysUnder(`${prefix}room:`)).length === 0,
      5000,
    );
    expect(await keysUnder(`${prefix}socket:`)).toEqual([]);
    expect(await keysUnder(`${prefix}user:`)).toEqual([]);
    expect((await a.rooms.stats()).rooms).toBe(0);
  });
});
