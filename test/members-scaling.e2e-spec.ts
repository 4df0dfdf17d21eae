import { Redis } from 'ioredis';
import {
  RedisRoomsStore,
  RoomsStore,
  type ChatModuleOptions,
  type DirectResult,
  type PresenceEvent,
} from '../src/index.js';
import {
  byUserName,
  ChatHarness,
  collect,
  requestOk,
  sendToRoom,
  settle,
  until,
  waitFor,
} from './support/harness.js';
import {
  deleteKeys,
  describeWithRedis,
  freshPrefix,
  REDIS_URL,
} from './support/redis.js';
import { describeWithPostgres, TestDatabase } from './support/postgres.js';

describeWithRedis('signed-in members on two instances sharing Redis', () => {
  let prefix: string;
  let a: ChatHarness;
  let b: ChatHarness;
  const options = (heartbeatMs: number): ChatModuleOptions => ({
    authenticate: byUserName,
    rateLimit: 0,
    redis: { url: REDIS_URL, keyPrefix: prefix, heartbeatMs },
  });

  beforeEach(async () => {
    prefix = freshPrefix();
    a = await ChatHarness.start(options(100));
    // b beats slowly: taken for dead, it is reaped by a before it notices.
    b = await ChatHarness.start(options(1000));
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await deleteKeys(prefix);
  });

  const on = async (chat: ChatHarness, user: string) =>
    (await chat.connectWith({ user })).client;

  it('a join on one instance puts the user’s sockets on the other in the room at once; a leave takes them out', async () => {
    const phone = await on(a, 'ann');
    const laptop = await on(b, 'ann');
    const bob = await on(b, 'bob');
    await requestOk(bob, 'room:join', { room: 'lobby' });
    await requestOk(phone, 'room:join', { room: 'lobby' });
    const heard = waitFor(laptop, 'message:new');
    await sendToRoom(bob, 'lobby', 'to both devices');
    expect((await heard).text).toBe('to both devices');
    await sendToRoom(laptop, 'lobby', 'from the laptop');

    const left = waitFor(laptop, 'room:left');
    await requestOk(phone, 'room:leave', { room: 'lobby' });
    await left;
    const after = collect(laptop, 'message:new');
    await sendToRoom(bob, 'lobby', 'not for ann');
    await settle(laptop, bob);
    expect(after).toEqual([]);
  });

  it('counts presence over both instances, and a dead instance’s users go offline', async () => {
    const bob = await on(a, 'bob');
    const phone = await on(a, 'ann');
    await requestOk(bob, 'room:join', { room: 'lobby' });
    await requestOk(phone, 'room:join', { room: 'lobby' });
    const presence = collect(bob, 'presence');
    const laptop = await on(b, 'ann');
    phone.disconnect();
    await settle(bob, laptop);
    expect(presence).toEqual([]);

    // b stalls past its TTL: a reaps it, and Ann (only on b) is offline.
    const offline = waitFor(bob, 'presence', 3000);
    const store = b.app.get<RedisRoomsStore>(RoomsStore);
    const redis = new Redis(REDIS_URL);
    await redis.del(`${prefix}instance:${store.instanceId}`);
    await redis.quit();
    expect(await offline).toMatchObject({ online: false });
    // b beats again: its sockets are registered again, Ann is back.
    const back = await waitFor(bob, 'presence', 5000);
    expect(back).toMatchObject<Partial<PresenceEvent>>({ online: true });
  });

  it('two users opening their direct room at once on two instances get one room', async () => {
    const ann = await on(a, 'ann');
    const bob = await on(b, 'bob');
    const [fromAnn, fromBob] = await Promise.all([
      requestOk<DirectResult>(ann, 'dm:open', { userId: 'bob' }),
      requestOk<DirectResult>(bob, 'dm:open', { userId: 'ann' }),
    ]);
    expect(fromAnn.room).toBe(fromBob.room);
    const heard = waitFor(bob, 'message:new');
    await sendToRoom(ann, fromAnn.room, 'one room');
    expect((await heard).text).toBe('one room');
    await until(async () => {
      const opened = await requestOk<DirectResult>(ann, 'dm:open', {
        userId: 'bob',
      });
      return opened.memberCount === 2;
    });
  });
});

describeWithPostgres('signed-in members with PostgreSQL', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await TestDatabase.create();
  });
  afterEach(() => database.drop());

  it('keeps memberships across a restart: the user’s next socket is in its rooms', async () => {
    const options = {
      authenticate: byUserName,
      database: { url: database.url },
    };
    let chat = await ChatHarness.start(options);
    const ann = (await chat.connectWith({ user: 'ann' })).client;
    await requestOk(ann, 'room:join', { room: 'lobby' });
    await requestOk(ann, 'dm:open', { userId: 'bob' });
    await chat.close();

    chat = await ChatHarness.start(options);
    try {
      const bob = (await chat.connectWith({ user: 'bob' })).client;
      const { rooms } = await requestOk<{ rooms: unknown[] }>(bob, 'room:list');
      expect(rooms).toEqual([{ room: 'lobby', members: 1 }]);
      const again = (await chat.connectWith({ user: 'ann' })).client;
      const heard = waitFor(again, 'message:new');
      const inbox = await requestOk<{ rooms: { room: string }[] }>(
        bob,
        'inbox:list',
      );
      await sendToRoom(bob, inbox.rooms[0].room, 'after the restart');
      expect((await heard).text).toBe('after the restart');
      await sendToRoom(again, 'lobby', 'still a member');
    } finally {
      await chat.close();
    }
  });
});
