import { Redis } from 'ioredis';
import { RedisRoomsStore, type Member, type RoomsStore } from '../src/index.js';
import { freshPrefix } from './support/redis.js';
import { ROOMS_STORE_MODES } from './support/store-modes.js';

const ann: Member = { userId: 'u-ann', nickname: 'ann' };
const bob: Member = { userId: 'u-bob', nickname: 'bob' };

/** One contract, every store: what `RoomsService` relies on, pinned down. */
describe.each(ROOMS_STORE_MODES)(
  'RoomsStore contract: %s',
  (name, describeIf, _openApp, open) => {
    describeIf(name, () => {
      let subject: { rooms: RoomsStore; close(): Promise<void> };
      let store: RoomsStore;
      beforeEach(async () => {
        subject = await open();
        store = subject.rooms;
      });
      afterEach(() => subject.close());

      it('counts a user once per room, however many sockets, in joining order', async () => {
        expect(await store.addMember('r', 's1', ann)).toEqual({
          firstOfUser: true,
        });
        expect(await store.addMember('r', 's1', ann)).toEqual({
          firstOfUser: false,
        });
        expect(await store.addMember('r', 's2', ann)).toEqual({
          firstOfUser: false,
        });
        expect(await store.addMember('r', 's3', bob)).toEqual({
          firstOfUser: true,
        });
        expect(await store.members('r')).toEqual([ann, bob]);
        expect(await store.rooms({ limit: 10 })).toEqual([
          { room: 'r', members: 2 },
        ]);
      });

      it('says lastOfUser only for the last socket, is a no-op for unknown ones, and forgets an emptied room', async () => {
        await store.addMember('r', 's1', ann);
        await store.addMember('r', 's2', ann);
        expect(await store.removeMember('r', 'nobody', bob)).toEqual({
          lastOfUser: false,
        });
        expect(await store.removeMember('r', 's1', ann)).toEqual({
          lastOfUser: false,
        });
        expect(await store.removeMember('r', 's2', ann)).toEqual({
          lastOfUser: true,
        });
        expect(await store.removeMember('r', 's2', ann)).toEqual({
          lastOfUser: false,
        });
        expect(await store.members('r')).toEqual([]);
        expect(await store.rooms({ limit: 10 })).toEqual([]);
        expect(await store.roomCount()).toBe(0);
      });

      it('pages rooms in code-unit order after a cursor', async () => {
        for (const room of ['b', 'a', 'B', 'a.2', 'c']) {
          await store.addMember(room, `s-${room}`, ann);
        }
        const names = async (page: { after?: string; limit: number }) =>
          (await store.rooms(page)).map((summary) => summary.room);
        expect(await names({ limit: 10 })).toEqual(['B', 'a', 'a.2', 'b', 'c']);
        expect(await names({ limit: 2 })).toEqual(['B', 'a']);
        expect(await names({ after: 'a', limit: 2 })).toEqual(['a.2', 'b']);
        expect(await names({ after: 'c', limit: 2 })).toEqual([]);
        expect(await store.roomCount()).toBe(5);
      });

      it('registers connections idempotently and knows who is connected', async () => {
        await store.addConnection('s1', ann);
        await store.addConnection('s1', ann);
        await store.addConnection('s2', ann);
        expect(await store.connectionCount()).toBe(2);
        expect(await store.isUserConnected(ann.userId)).toBe(true);
        expect(
          await store.connectedOf?.([ann.userId, 'nobody', ann.userId]),
        ).toEqual([true, false, true]);
        expect(await store.connectedOf?.([])).toEqual([]);
        await store.removeConnection('s1', ann);
        await store.removeConnection('s1', ann);
        expect(await store.isUserConnected(ann.userId)).toBe(true);
        await store.removeConnection('s2', ann);
        expect(await store.isUserConnected(ann.userId)).toBe(false);
        expect(await store.connectedOf?.([ann.userId])).toEqual([false]);
        expect(await store.connectionCount()).toBe(0);
      });

      it('counts accepted messages', async () => {
        expect(await store.messageCount()).toBe(0);
        await store.countMessage();
        await store.countMessage();
        expect(await store.messageCount()).toBe(2);
      });

      it('counts synchronously where it can (in memory), like countMessage', async () => {
        const offered = name === 'memory';
        expect(typeof store.countMessageNow).toBe(
          offered ? 'function' : 'undefined',
        );
        await store.countMessage();
        store.countMessageNow?.();
        expect(await store.messageCount()).toBe(offered ? 2 : 1);
      });
    });
  },
);

/**
 * Redis only: what the store does while Redis is away (commands fail at
 * once, no offline queue); message counts wait for it.
 */
describe('RedisRoomsStore while Redis is away', () => {
  let redis: Redis;
  let store: RedisRoomsStore;
  beforeEach(() => {
    // Nothing listens on port 1: the client never becomes ready.
    redis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    store = new RedisRoomsStore(redis, { keyPrefix: freshPrefix() });
  });
  afterEach(() => redis.disconnect());

  it('refuses reads and membership changes at once', async () => {
    await expect(store.addMember('r', 's1', ann)).rejects.toThrow();
    await expect(store.removeMember('r', 's1', ann)).rejects.toThrow();
    await expect(store.members('r')).rejects.toThrow();
    await expect(store.rooms({ limit: 10 })).rejects.toThrow();
    await expect(store.addConnection('s1', ann)).rejects.toThrow();
  });

  it('accepts counts, to be added once it is back', async () => {
    await expect(store.countMessage()).resolves.toBeUndefined();
    await expect(store.messageCount()).rejects.toThrow();
  });
});
