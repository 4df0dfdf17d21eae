import type { DirectResult, InboxResult, Message } from '../src/index.js';
import {
  request,
  requestOk,
  sendToRoom,
  until,
  waitFor,
} from './support/harness.js';
import { signedInChatPerTest, STORE_MODES } from './support/store-modes.js';

describe.each(STORE_MODES)(
  'the inbox and direct rooms of signed-in users (%s)',
  (_mode, describeMode, openMode) => {
    describeMode('', () => {
      const setup = signedInChatPerTest(openMode);

      const signIn = async (user: string) =>
        (await setup.chat().connectWith({ user })).client;

      describe('inbox:list', () => {
        it('orders rooms by activity, counts unread exactly, and pages by cursor without skipping or repeating', async () => {
          const ann = await signIn('ann');
          const bob = await signIn('bob');
          for (const room of ['a', 'b', 'c', 'd']) {
            await requestOk(ann, 'room:join', { room });
            await requestOk(bob, 'room:join', { room });
          }
          await sendToRoom(bob, 'b', 'one');
          const last: Message = await sendToRoom(bob, 'b', 'two');
          // In a later millisecond than b's last: rooms active in the same one are by name.
          await until(() => Date.now() > last.at);
          await sendToRoom(ann, 'c', 'mine');
          await requestOk(ann, 'room:read', { room: 'b', seq: 1 });

          const first = await requestOk<InboxResult>(ann, 'inbox:list', {
            limit: 2,
          });
          expect(first.rooms.map((entry) => entry.room)).toEqual(['c', 'b']);
          expect(first.totalUnread).toBe(1);
          expect(first.hasMore).toBe(true);
          const b = first.rooms[1];
          expect(b).toMatchObject({
            kind: 'room',
            latestSeq: 2,
            lastRead: 1,
            unread: 1,
            memberCount: 2,
            activeAt: last.at,
          });
          expect(b.lastMessage).toMatchObject({ id: last.id, text: 'two' });
          expect(first.rooms[0].unread).toBe(0);

          const second = await requestOk<InboxResult>(ann, 'inbox:list', {
            limit: 2,
            cursor: first.cursor,
          });
          // a and d were joined without messages: by join time, then by name.
          expect(second.rooms.map((entry) => entry.room).sort()).toEqual([
            'a',
            'd',
          ]);
          expect(second.rooms[0].lastMessage).toBeNull();
          expect(second).toMatchObject({ hasMore: false, cursor: null });
        });

        it('refuses a cursor the server did not make', async () => {
          const ann = await signIn('ann');
          for (const cursor of ['not-a-cursor', 'WzEsIjxzY3JpcHQ-Il0', '']) {
            expect(await request(ann, 'inbox:list', { cursor })).toMatchObject({
              ok: false,
              error: { code: 'VALIDATION_FAILED' },
            });
          }
        });
      });

      describe('dm:open', () => {
        it('opens one direct room for a pair, adds the peer everywhere at once, and lets nobody else in', async () => {
          const ann = await signIn('ann');
          const bob = await signIn('bob');
          const added = waitFor(bob, 'room:added');
          const opened = await requestOk<DirectResult>(ann, 'dm:open', {
            userId: 'bob',
          });
          expect(opened.room).toMatch(/^dm:/);
          expect(opened).toMatchObject({
            kind: 'direct',
            peer: { userId: 'bob' },
            memberCount: 2,
          });
          expect(await added).toEqual({
            room: opened.room,
            kind: 'direct',
            by: { userId: 'ann', nickname: 'ann' },
          });
          const heard = waitFor(bob, 'message:new');
          await sendToRoom(ann, opened.room, 'psst');
          expect((await heard).text).toBe('psst');

          const back = await requestOk<DirectResult>(bob, 'dm:open', {
            userId: 'ann',
          });
          expect(back.room).toBe(opened.room);
          expect(back.history.map((m) => m.text)).toEqual(['psst']);

          const eve = await signIn('eve');
          for (const room of [opened.room, 'dm:made-up']) {
            expect(await request(eve, 'room:join', { room })).toMatchObject({
              ok: false,
              error: { code: 'FORBIDDEN' },
            });
          }
          const { rooms } = await requestOk<{ rooms: unknown[] }>(
            eve,
            'room:list',
          );
          expect(rooms).toEqual([]);
          const inbox = await requestOk<InboxResult>(bob, 'inbox:list');
          expect(inbox.rooms).toEqual([
            expect.objectContaining({
              room: opened.room,
              kind: 'direct',
              peer: { userId: 'ann', nickname: 'ann' },
            }),
          ]);
        });

        it('reaches a peer that never connected once it does', async () => {
          const ann = await signIn('ann');
          const { room } = await requestOk<DirectResult>(ann, 'dm:open', {
            userId: 'carol',
          });
          await sendToRoom(ann, room, 'when you are back');
          const carol = await signIn('carol');
          const inbox = await requestOk<InboxResult>(carol, 'inbox:list');
          expect(inbox).toMatchObject({ totalUnread: 1 });
          expect(inbox.rooms[0]).toMatchObject({ room, unread: 1 });
        });
      });
    });
  },
);
