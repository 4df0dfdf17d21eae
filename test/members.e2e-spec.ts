import type { InboxResult, JoinResult } from '../src/index.js';
import {
  byUserName,
  ChatHarness,
  collect,
  request,
  requestOk,
  sendToRoom,
  settle,
  until,
  waitFor,
} from './support/harness.js';
import { signedInChatPerTest, STORE_MODES } from './support/store-modes.js';

describe.each(STORE_MODES)(
  'signed-in members, presence and the inbox (%s)',
  (_mode, describeMode, openMode) => {
    describeMode('', () => {
      const setup = signedInChatPerTest(openMode);

      const signIn = async (user: string) =>
        (await setup.chat().connectWith({ user })).client;

      it('keeps a member across disconnects: presence instead of room:left, and its next socket is in the room at once', async () => {
        const ann = await signIn('ann');
        const bob = await signIn('bob');
        await requestOk(ann, 'room:join', { room: 'lobby' });
        await requestOk(bob, 'room:join', { room: 'lobby' });
        const left = collect(bob, 'room:left');
        const offline = waitFor(bob, 'presence');
        ann.disconnect();
        expect(await offline).toEqual({
          room: 'lobby',
          member: { userId: 'ann', nickname: 'ann' },
          online: false,
        });
        const { rooms } = await requestOk<{ rooms: unknown[] }>(
          bob,
          'room:list',
        );
        expect(rooms).toEqual([{ room: 'lobby', members: 2 }]);

        const online = waitFor(bob, 'presence');
        const again = setup.chat().socket({ user: 'ann' });
        const heard = waitFor(again, 'message:new');
        // The first event after connecting, before the session event is read.
        again.on('connect', () => {
          void request(again, 'message:send', { room: 'lobby', text: 'back' });
        });
        again.connect();
        expect((await heard).text).toBe('back');
        expect(await online).toMatchObject({
          member: { userId: 'ann' },
          online: true,
        });
        await settle(bob);
        expect(left).toEqual([]);
      });

      it('counts presence across devices: a second socket sends nothing, the last one going sends offline', async () => {
        const bob = await signIn('bob');
        const phone = await signIn('ann');
        await requestOk(bob, 'room:join', { room: 'lobby' });
        await requestOk(phone, 'room:join', { room: 'lobby' });
        const presence = collect(bob, 'presence');
        const laptop = await signIn('ann');
        await settle(bob);
        expect(presence).toEqual([]);
        // The laptop is in the room without joining.
        const message = waitFor(laptop, 'message:new');
        await sendToRoom(bob, 'lobby', 'hi both');
        expect((await message).text).toBe('hi both');

        phone.disconnect();
        await settle(bob, laptop);
        expect(presence).toEqual([]);
        laptop.disconnect();
        await until(() => presence.length === 1);
        expect(presence[0]).toMatchObject({ online: false });
      });

      it('answers room:join with every member, online ones first, and memberCount', async () => {
        const ann = await signIn('ann');
        await requestOk(ann, 'room:join', { room: 'lobby' });
        ann.disconnect();
        const bob = await signIn('bob');
        const joined = await requestOk<JoinResult>(bob, 'room:join', {
          room: 'lobby',
        });
        expect(joined.memberCount).toBe(2);
        expect(joined.members).toEqual([
          { userId: 'bob', nickname: 'bob', online: true },
          { userId: 'ann', nickname: 'ann', online: false },
        ]);
      });

      it('room:leave ends the membership on every device; the others get room:left once', async () => {
        const bob = await signIn('bob');
        const phone = await signIn('ann');
        const laptop = await signIn('ann');
        await requestOk(bob, 'room:join', { room: 'lobby' });
        await requestOk(phone, 'room:join', { room: 'lobby' });
        const bobHeard = collect(bob, 'room:left');
        const laptopHeard = waitFor(laptop, 'room:left');
        await requestOk(phone, 'room:leave', { room: 'lobby' });
        expect(await laptopHeard).toMatchObject({ member: { userId: 'ann' } });
        const refused = await request(laptop, 'message:send', {
          room: 'lobby',
          text: 'still here?',
        });
        expect(refused).toMatchObject({
          ok: false,
          error: { code: 'NOT_IN_ROOM' },
        });
        await settle(bob);
        expect(bobHeard).toHaveLength(1);
        const { rooms } = await requestOk<{ rooms: unknown[] }>(
          bob,
          'room:list',
        );
        expect(rooms).toEqual([{ room: 'lobby', members: 1 }]);
      });

      it('a kick with a room ends the membership: the next socket is not in it', async () => {
        const ann = await signIn('ann');
        await requestOk(ann, 'room:join', { room: 'lobby' });
        const kicked = waitFor(ann, 'room:kicked');
        await setup.chat().rooms.kick('ann', 'lobby');
        await kicked;
        ann.disconnect();
        const again = await signIn('ann');
        expect(
          await request(again, 'message:send', { room: 'lobby', text: 'x' }),
        ).toMatchObject({ ok: false, error: { code: 'NOT_IN_ROOM' } });
      });

      it('bounds the rooms of a user, whatever its sockets', async () => {
        const limited = await ChatHarness.start({
          ...setup.mode().options,
          authenticate: byUserName,
          rateLimit: 0,
          maxRoomsPerSocket: 2,
        });
        try {
          const phone = (await limited.connectWith({ user: 'zoe' })).client;
          const laptop = (await limited.connectWith({ user: 'zoe' })).client;
          await requestOk(phone, 'room:join', { room: 'one' });
          await requestOk(laptop, 'room:join', { room: 'two' });
          expect(
            await request(laptop, 'room:join', { room: 'three' }),
          ).toMatchObject({ ok: false, error: { code: 'ROOM_LIMIT' } });
          expect(
            await request(laptop, 'dm:open', { userId: 'yves' }),
          ).toMatchObject({ ok: false, error: { code: 'ROOM_LIMIT' } });
          // The peer at its limit: refused, and no room of one is left.
          const yves = (await limited.connectWith({ user: 'yves' })).client;
          expect(
            await request(yves, 'dm:open', { userId: 'zoe' }),
          ).toMatchObject({ ok: false, error: { code: 'ROOM_LIMIT' } });
          expect(
            await requestOk<InboxResult>(yves, 'inbox:list'),
          ).toMatchObject({ rooms: [] });
        } finally {
          await limited.close();
        }
      });

      it('lets the host add and remove members, open direct rooms and read inboxes, by the same rules', async () => {
        const ann = await signIn('ann');
        const bob = await signIn('bob');
        await requestOk(bob, 'room:join', { room: 'support' });
        const added = waitFor(ann, 'room:added');
        const joined = waitFor(bob, 'room:joined');
        expect(
          await setup.chat().rooms.addMember('support', {
            userId: 'ann',
            nickname: 'Ann',
          }),
        ).toBe(true);
        expect(await added).toEqual({
          room: 'support',
          kind: 'room',
          by: { userId: 'system', nickname: 'system' },
        });
        expect((await joined).member).toEqual({
          userId: 'ann',
          nickname: 'Ann',
        });
        const heard = waitFor(ann, 'message:new');
        await setup.chat().rooms.publishToRoom('support', 'your order shipped');
        expect((await heard).text).toBe('your order shipped');
        expect((await setup.chat().rooms.inbox('ann')).rooms).toEqual([
          expect.objectContaining({ room: 'support', unread: 1 }),
        ]);

        const direct = await setup
          .chat()
          .rooms.openDirect({ userId: 'bob', nickname: 'bob' }, 'ann');
        expect(direct).toMatchObject({
          kind: 'direct',
          peer: { userId: 'ann' },
        });
        await expect(
          setup
            .chat()
            .rooms.addMember(direct.room, { userId: 'eve', nickname: 'eve' }),
        ).rejects.toMatchObject({ code: 'FORBIDDEN' });

        const left = waitFor(ann, 'room:left');
        expect(await setup.chat().rooms.removeMember('support', 'ann')).toBe(
          true,
        );
        expect(await left).toMatchObject({ room: 'support' });
        expect(await setup.chat().rooms.removeMember('support', 'ann')).toBe(
          false,
        );
      });
    });
  },
);

describe('direct rooms with the nickname identity', () => {
  let chat: ChatHarness;
  beforeAll(async () => {
    chat = await ChatHarness.start();
  });
  afterAll(() => chat.close());

  it('refuses dm:open: a nickname user is one socket', async () => {
    const { client } = await chat.connect('ann');
    expect(await request(client, 'dm:open', { userId: 'bob' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
