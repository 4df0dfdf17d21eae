import { Redis } from 'ioredis';
import {
  RedisRoomsStore,
  RoomsStore,
  type ChatModuleOptions,
} from '../src/index.js';
import { ChatHarness, requestOk, until, waitFor } from './support/harness.js';
import {
  deleteKeys,
  describeWithRedis,
  freshPrefix,
  REDIS_URL,
} from './support/redis.js';

describeWithRedis('an instance its peers took for dead', () => {
  let prefix: string;
  let slow: ChatHarness;
  let peer: ChatHarness;
  const options = (heartbeatMs: number): ChatModuleOptions => ({
    redis: { url: REDIS_URL, keyPrefix: prefix, heartbeatMs },
  });

  beforeEach(async () => {
    prefix = freshPrefix();
    slow = await ChatHarness.start(options(1000));
    peer = await ChatHarness.start(options(100));
  });
  afterEach(async () => {
    await slow.close();
    await peer.close();
    await deleteKeys(prefix);
  });

  it('registers its sockets again and announces them once it beats again', async () => {
    const alice = await slow.connect('alice');
    const bob = await peer.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    const left = waitFor(bob.client, 'room:left', 3000);
    const back = left.then(() => waitFor(bob.client, 'room:joined', 3000));

    // As if it had stalled past its TTL: the key expired, the peer reaps it.
    const store = slow.app.get<RedisRoomsStore>(RoomsStore);
    const redis = new Redis(REDIS_URL);
    await redis.del(`${prefix}instance:${store.instanceId}`);
    await redis.quit();

    expect((await left).member.nickname).toBe('alice');
    expect(await back).toMatchObject({ member: { nickname: 'alice' } });
    await until(async () => {
      const { rooms } = await requestOk<{ rooms: { members: number }[] }>(
        bob.client,
        'room:list',
      );
      return rooms[0]?.members === 2;
    }, 3000);
    expect((await peer.rooms.stats()).connections).toBe(2);
  });
});
