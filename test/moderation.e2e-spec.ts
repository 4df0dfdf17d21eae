import type { JoinResult, Message, ModerationResult } from '../src/index.js';
import {
  adminCall,
  answerCode,
  ChatHarness,
  collect,
  requestOk,
  sendToRoom,
  settle,
  until,
  waitFor,
  type AdminClient,
  type ChatClient,
} from './support/harness.js';
import { STORE_MODES, type StoreMode } from './support/store-modes.js';

const TOKEN = 'moderation-token';

/** The contract's "Moderation" and the admin's calls, in every mode. */
describe.each(STORE_MODES)('bans and mutes (%s)', (mode, describeIf, open) => {
  describeIf(mode, () => {
    let store: StoreMode;
    let chat: ChatHarness;
    let admin: AdminClient;
    let ann: { client: ChatClient; session: { userId: string } };
    let bob: ChatClient;

    beforeEach(async () => {
      store = await open();
      chat = await ChatHarness.start(
        { ...store.options, adminToken: TOKEN, rateLimit: 0 },
        { metrics: true },
      );
      admin = await chat.admin(TOKEN);
      ann = await chat.connect('ann');
      bob = (await chat.connect('bob')).client;
      for (const socket of [ann.client, bob]) {
        await requestOk(socket, 'room:join', { room: 'r' });
      }
    });
    afterEach(async () => {
      await chat.close();
      await store.close();
    });

    const ok = async <T>(event: string, payload: unknown) => {
      const answer = await adminCall<T>(admin, event, payload);
      if (!answer.ok) throw new Error(`${event}: ${JSON.stringify(answer)}`);
      return answer.data;
    };
    const target = () => ({ userId: ann.session.userId, room: 'r' });

    it('admin:ban kicks the user out of the room and refuses its joins with FORBIDDEN until unbanned', async () => {
      const kicked = waitFor(ann.client, 'room:kicked');
      const left = waitFor(bob, 'room:left');
      expect(await ok('admin:ban', target())).toEqual({ kicked: 1 });
      expect(await kicked).toEqual({ room: 'r' });
      expect((await left).member.nickname).toBe('ann');
      expect(await answerCode(ann.client, 'room:join', { room: 'r' })).toBe(
        'FORBIDDEN',
      );
      expect(
        await answerCode(ann.client, 'message:send', { room: 'r', text: 'x' }),
      ).toBe('NOT_IN_ROOM');
      // Other rooms are not affected.
      await requestOk(ann.client, 'room:join', { room: 'elsewhere' });
      expect(
        await ok<ModerationResult>('admin:moderation', { room: 'r' }),
      ).toEqual({
        room: 'r',
        bans: [{ userId: ann.session.userId, until: null }],
        mutes: [],
      });
      expect(await chat.metric('chat_moderation_active')).toBe(1);
      expect(await ok('admin:unban', target())).toEqual({});
      await requestOk(ann.client, 'room:join', { room: 'r' });
      expect(
        await ok<ModerationResult>('admin:moderation', { room: 'r' }),
      ).toEqual({
        room: 'r',
        bans: [],
        mutes: [],
      });
    });

    it('a ban with durationMs ends by itself', async () => {
      const before = Date.now();
      await ok('admin:ban', { ...target(), durationMs: 400 });
      const listed = await ok<ModerationResult>('admin:moderation', {
        room: 'r',
      });
      expect(listed.bans[0].until).toBeGreaterThanOrEqual(before + 400);
      expect(await answerCode(ann.client, 'room:join', { room: 'r' })).toBe(
        'FORBIDDEN',
      );
      await until(
        async () =>
          (await answerCode(ann.client, 'room:join', { room: 'r' })) ===
          'accepted',
        3000,
      );
      expect(
        await ok<ModerationResult>('admin:moderation', { room: 'r' }),
      ).toMatchObject({
        bans: [],
      });
    });

    it('admin:mute refuses send, edit and typing with FORBIDDEN; reading, history, room:read and delete still work', async () => {
      const mine = await sendToRoom(ann.client, 'r', 'before the mute');
      const other = await sendToRoom(bob, 'r', 'hello');
      expect(await ok('admin:mute', target())).toEqual({});
      const heard = collect(bob, 'message:new');
      const typing = collect(bob, 'typing');
      expect(
        await answerCode(ann.client, 'message:send', { room: 'r', text: 'x' }),
      ).toBe('FORBIDDEN');
      expect(
        await answerCode(ann.client, 'message:edit', {
          room: 'r',
          id: mine.id,
          text: 'y',
        }),
      ).toBe('FORBIDDEN');
      expect(
        await answerCode(ann.client, 'typing', { room: 'r', typing: true }),
      ).toBe('FORBIDDEN');
      // A retry of a kept send is refused too: ban/mute are checked before duplicates.
      expect(
        await answerCode(ann.client, 'message:send', {
          room: 'r',
          text: 'again',
          clientMessageId: 'c1',
        }),
      ).toBe('FORBIDDEN');
      const got = waitFor(ann.client, 'message:new');
      await sendToRoom(bob, 'r', 'still heard');
      expect((await got).text).toBe('still heard');
      await requestOk(ann.client, 'room:history', { room: 'r' });
      await requestOk(ann.client, 'room:read', { room: 'r', seq: other.seq });
      await requestOk(ann.client, 'message:delete', { room: 'r', id: mine.id });
      await settle(bob);
      expect(heard.map((m: Message) => m.text)).toEqual(['still heard']);
      expect(typing).toEqual([]);
      expect(
        await ok<ModerationResult>('admin:moderation', { room: 'r' }),
      ).toMatchObject({
        mutes: [{ userId: ann.session.userId, until: null }],
      });
      await ok('admin:unmute', target());
      await sendToRoom(ann.client, 'r', 'free again');
    });

    it('a mute with durationMs ends by itself', async () => {
      await ok('admin:mute', { ...target(), durationMs: 300 });
      expect(
        await answerCode(ann.client, 'message:send', { room: 'r', text: 'x' }),
      ).toBe('FORBIDDEN');
      await until(
        async () =>
          (await answerCode(ann.client, 'message:send', {
            room: 'r',
            text: 'x',
          })) === 'accepted',
        3000,
      );
    });

    it('admin:delete deletes any author’s message; members get message:deleted', async () => {
      const sent = await sendToRoom(ann.client, 'r', 'rude');
      const deleted = waitFor(bob, 'message:deleted');
      expect(await ok('admin:delete', { room: 'r', id: sent.id })).toEqual({
        room: 'r',
        id: sent.id,
      });
      expect(await deleted).toEqual({ room: 'r', id: sent.id, seq: sent.seq });
      const answer = await adminCall(admin, 'admin:delete', {
        room: 'r',
        id: sent.id,
      });
      expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      const joined = await requestOk<JoinResult>(
        (await chat.connect('carl')).client,
        'room:join',
        { room: 'r' },
      );
      expect(joined.history).toEqual([
        { ...sent, text: '', deletedAt: expect.any(Number) },
      ]);
    });

    it.each<[string, unknown]>([
      ['admin:ban', { room: 'r' }],
      ['admin:ban', { userId: 'u', room: 'bad room' }],
      ['admin:ban', { userId: 'u', room: 'r', durationMs: 0 }],
      ['admin:ban', { userId: 'u', room: 'r', durationMs: -5 }],
      ['admin:ban', { userId: 'u', room: 'r', durationMs: 1.5 }],
      ['admin:ban', { userId: 'u', room: 'r', durationMs: '100' }],
      ['admin:mute', { userId: '', room: 'r' }],
      ['admin:mute', null],
      ['admin:unban', { userId: 'u' }],
      ['admin:unmute', { room: 'r' }],
      ['admin:moderation', {}],
      ['admin:delete', { room: 'r' }],
    ])(
      '%s %j is VALIDATION_FAILED and changes nothing',
      async (event, payload) => {
        expect(await adminCall(admin, event, payload)).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION_FAILED' },
        });
        expect(
          await ok<ModerationResult>('admin:moderation', { room: 'r' }),
        ).toEqual({
          room: 'r',
          bans: [],
          mutes: [],
        });
      },
    );
  });
});
