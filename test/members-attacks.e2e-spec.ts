import type { DirectResult, InboxResult } from '../src/index.js';
import {
  collect,
  request,
  requestOk,
  sendToRoom,
  settle,
  waitFor,
} from './support/harness.js';
import { signedInChatPerTest, STORE_MODES } from './support/store-modes.js';

describe.each(STORE_MODES)(
  'signed-in members under attack (%s)',
  (_mode, describeMode, openMode) => {
    describeMode('', () => {
      const setup = signedInChatPerTest(openMode, { adminToken: 'attack' });

      const signIn = async (user: string) =>
        (await setup.chat().connectWith({ user })).client;

      it('keeps a third user out of a direct room: no join, read, search, send or read position', async () => {
        const ann = await signIn('ann');
        await signIn('bob');
        const { room } = await requestOk<DirectResult>(ann, 'dm:open', {
          userId: 'bob',
        });
        await sendToRoom(ann, room, 'private words');
        const eve = await signIn('eve');
        const attempts: [string, unknown, string][] = [
          ['room:join', { room }, 'FORBIDDEN'],
          ['room:join', { room, since: 0 }, 'FORBIDDEN'],
          ['room:history', { room }, 'NOT_IN_ROOM'],
          ['room:search', { room, query: 'private' }, 'NOT_IN_ROOM'],
          ['message:send', { room, text: 'let me in' }, 'NOT_IN_ROOM'],
          ['room:read', { room, seq: 1 }, 'NOT_IN_ROOM'],
          ['typing', { room, typing: true }, 'NOT_IN_ROOM'],
        ];
        for (const [event, payload, code] of attempts) {
          expect([event, await request(eve, event, payload)]).toMatchObject([
            event,
            { ok: false, error: { code } },
          ]);
        }
        const inbox = await requestOk<InboxResult>(eve, 'inbox:list');
        expect(inbox).toMatchObject({ rooms: [], totalUnread: 0 });
      });

      it('answers dm:open to oneself with a room of one, and refuses ids that are no user', async () => {
        const ann = await signIn('ann');
        const alone = await requestOk<DirectResult>(ann, 'dm:open', {
          userId: 'ann',
        });
        expect(alone).toMatchObject({
          kind: 'direct',
          peer: { userId: 'ann' },
          memberCount: 1,
        });
        for (const userId of ['', 'x'.repeat(257), 42, null, 'system']) {
          expect(await request(ann, 'dm:open', { userId })).toMatchObject({
            ok: false,
            error: { code: 'VALIDATION_FAILED' },
          });
        }
        expect(await request(ann, 'dm:open', 'bob')).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION_FAILED' },
        });
      });

      it('a ban takes every device of the member out, for good', async () => {
        const phone = await signIn('mallory');
        const laptop = await signIn('mallory');
        await requestOk(phone, 'room:join', { room: 'lobby' });
        const kicked = [
          waitFor(phone, 'room:kicked'),
          waitFor(laptop, 'room:kicked'),
        ];
        await setup.chat().rooms.ban('mallory', 'lobby');
        await Promise.all(kicked);
        for (const device of [phone, laptop]) {
          expect(
            await request(device, 'message:send', { room: 'lobby', text: 'x' }),
          ).toMatchObject({ ok: false, error: { code: 'NOT_IN_ROOM' } });
        }
        expect(
          await request(laptop, 'room:join', { room: 'lobby' }),
        ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        const tablet = await signIn('mallory');
        expect(
          await requestOk<InboxResult>(tablet, 'inbox:list'),
        ).toMatchObject({
          rooms: [],
        });
      });

      it('a user whose id is another socket’s id gets only its own traffic', async () => {
        const ann = await signIn('ann');
        const annSocket = ann.id!;
        const impostor = await signIn(annSocket);
        const bob = await signIn('bob');
        const annGets = collect(ann, 'message:private');
        const annAdded = collect(ann, 'room:added');
        const added = waitFor(impostor, 'room:added');
        await requestOk(bob, 'dm:open', { userId: annSocket });
        await added;
        const heard = waitFor(impostor, 'message:private');
        await requestOk(bob, 'message:private', { to: annSocket, text: 'hi' });
        await heard;
        await settle(ann);
        expect(annGets).toEqual([]);
        expect(annAdded).toEqual([]);
      });

      it('tells presence only to members of a shared room', async () => {
        const ann = await signIn('ann');
        await requestOk(ann, 'room:join', { room: 'ours' });
        const bob = await signIn('bob');
        await requestOk(bob, 'room:join', { room: 'ours' });
        const carol = await signIn('carol');
        await requestOk(carol, 'room:join', { room: 'theirs' });
        const carolHears = collect(carol, 'presence');
        const bobHears = waitFor(bob, 'presence');
        ann.disconnect();
        expect(await bobHears).toMatchObject({ room: 'ours', online: false });
        await settle(carol);
        expect(carolHears).toEqual([]);
      });
    });
  },
);
