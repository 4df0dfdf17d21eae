import type { MemberStore } from '../src/chat/stores/member-store.interface.js';
import { STORE_MODES, type StoresUnderTest } from './support/store-modes.js';

const ann = { userId: 'ann', nickname: 'Ann' };
const bob = { userId: 'bob', nickname: 'Bob' };

/** One contract, every `MemberStore` (as `nestjs/throttler` tests its storages). */
describe.each(STORE_MODES)(
  'MemberStore contract (%s)',
  (_mode, describeMode, _openApp, openStores) => {
    describeMode('', () => {
      let stores: StoresUnderTest;
      let store: MemberStore;
      beforeEach(async () => {
        stores = await openStores();
        store = stores.members;
      });
      afterEach(() => stores.close());

      it('adds once, keeps the first nickname, and removes once', async () => {
        expect(await store.add('r', 'room', ann, 10, 50)).toBe('added');
        expect(
          await store.add('r', 'room', { ...ann, nickname: 'other' }, 20, 50),
        ).toBe('already');
        expect(await store.isMember('r', 'ann')).toBe(true);
        expect(await store.roomsOf('ann')).toEqual([
          { room: 'r', kind: 'room', joinedAt: 10 },
        ]);
        expect(await store.remove('r', 'ann')).toEqual(ann);
        expect(await store.remove('r', 'ann')).toBeNull();
        expect(await store.isMember('r', 'ann')).toBe(false);
        expect(await store.roomsOf('ann')).toEqual([]);
      });

      it('refuses a room past the limit, but not a room the user is in', async () => {
        await store.add('one', 'room', ann, 1, 2);
        await store.add('two', 'room', ann, 2, 2);
        expect(await store.add('three', 'room', ann, 3, 2)).toBe('limit');
        expect(await store.add('two', 'room', ann, 4, 2)).toBe('already');
        expect(await store.isMember('three', 'ann')).toBe(false);
      });

      it('lists members in joining order with the count, and counts several rooms', async () => {
        await store.add('r', 'room', bob, 1, 50);
        await store.add('r', 'room', ann, 2, 50);
        expect(await store.members('r', 1)).toEqual({
          members: [bob],
          count: 2,
        });
        expect(await store.members('r', 10)).toEqual({
          members: [bob, ann],
          count: 2,
        });
        expect(await store.members('none', 10)).toEqual({
          members: [],
          count: 0,
        });
        expect(await store.memberCounts(['r', 'none'])).toEqual([2, 0]);
      });

      it('pages rooms in code-unit order and leaves direct rooms out', async () => {
        for (const room of ['b', 'B', 'a', 'dm:x']) {
          await store.add(
            room,
            room.startsWith('dm:') ? 'direct' : 'room',
            ann,
            1,
            50,
          );
        }
        await store.add('a', 'room', bob, 1, 50);
        expect(await store.rooms({ limit: 10 })).toEqual([
          { room: 'B', members: 1 },
          { room: 'a', members: 2 },
          { room: 'b', members: 1 },
        ]);
        expect(await store.rooms({ after: 'B', limit: 1 })).toEqual([
          { room: 'a', members: 2 },
        ]);
        expect(await store.roomCount()).toBe(3);
        await store.remove('a', 'ann');
        await store.remove('a', 'bob');
        expect(await store.roomCount()).toBe(2);
      });
    });
  },
);
