import { ErrorCode, type JoinResult, type Message } from '../src/index.js';
import {
  adminCall,
  ChatHarness,
  collect,
  request,
  requestOk,
  settle,
  until,
  waitFor,
} from './support/harness.js';
import { http } from './support/http.js';
import { OwnPostgres } from './support/own-postgres.js';

const TOKEN = 'outage-token';

/** PostgreSQL stopped under a running chat, then started again. */
(OwnPostgres.available ? describe : describe.skip)(
  'PostgreSQL lost while running',
  () => {
    let postgres: OwnPostgres;
    let chat: ChatHarness;

    beforeEach(async () => {
      postgres = await OwnPostgres.started();
      chat = await ChatHarness.start({
        rateLimit: 0,
        adminToken: TOKEN,
        database: { url: postgres.url },
      });
    }, 60_000);
    afterEach(async () => {
      await chat.close();
      postgres.destroy();
    });

    it('answers UNAVAILABLE within 5 s and delivers nothing, keeps joins and typing, and recovers by itself', async () => {
      const alice = (await chat.connect('alice')).client;
      const bob = (await chat.connect('bob')).client;
      for (const client of [alice, bob])
        await requestOk(client, 'room:join', { room: 'r' });
      const before = await requestOk<{ message: Message }>(
        alice,
        'message:send',
        {
          room: 'r',
          text: 'before',
        },
      );
      await settle(bob);
      const toBob = collect(bob, 'message:new');

      postgres.stop();
      const started = Date.now();
      const refused = await request(alice, 'message:send', {
        room: 'r',
        text: 'during',
        clientMessageId: 'during-1',
      });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(refused).toMatchObject({
        ok: false,
        error: { code: ErrorCode.Unavailable },
      });
      const pushed = await http(`${chat.url}/api/rooms/r/messages`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ text: 'pushed' }),
      });
      expect(pushed.status).toBe(503);
      // Joins answer without history; typing and leaving work.
      const joined = await requestOk<JoinResult>(bob, 'room:join', {
        room: 'other',
      });
      expect(joined).toMatchObject({ history: [], complete: false });
      const typing = waitFor(bob, 'typing');
      await requestOk(alice, 'typing', { room: 'r', typing: true });
      await typing;
      await requestOk(bob, 'room:leave', { room: 'other' });
      await settle(bob);
      expect(toBob).toEqual([]);

      postgres.start();
      let retried: Message | undefined;
      await until(async () => {
        const response = await request<{ message: Message }>(
          alice,
          'message:send',
          {
            room: 'r',
            text: 'during',
            clientMessageId: 'during-1',
          },
        );
        if (response.ok) retried = response.data.message;
        return response.ok;
      }, 20_000);
      expect(retried).toMatchObject({
        seq: before.message.seq! + 1,
        clientMessageId: 'during-1',
      });
      await settle(bob);
      expect(toBob).toEqual([retried]);
    }, 60_000);

    it('answers UNAVAILABLE for edits, deletions, reads and moderation, and enforces the bans and mutes it knew', async () => {
      const alice = (await chat.connect('alice')).client;
      const eve = await chat.connect('eve');
      const admin = await chat.admin(TOKEN);
      await requestOk(alice, 'room:join', { room: 'r' });
      await requestOk(eve.client, 'room:join', { room: 'r' });
      const { message } = await requestOk<{ message: Message }>(
        alice,
        'message:send',
        { room: 'r', text: 'kept' },
      );
      await adminCall(admin, 'admin:mute', {
        userId: eve.session.userId,
        room: 'r',
      });
      await adminCall(admin, 'admin:ban', {
        userId: eve.session.userId,
        room: 'banned',
      });

      postgres.stop();
      const started = Date.now();
      const calls = await Promise.all([
        request(alice, 'message:edit', {
          room: 'r',
          id: message.id,
          text: 'x',
        }),
        request(alice, 'message:delete', { room: 'r', id: message.id }),
        request(alice, 'room:read', { room: 'r', seq: 1 }),
        adminCall(admin, 'admin:ban', { userId: 'someone', room: 'r' }),
        adminCall(admin, 'admin:unmute', {
          userId: eve.session.userId,
          room: 'r',
        }),
        adminCall(admin, 'admin:moderation', { room: 'r' }),
        adminCall(admin, 'admin:delete', { room: 'r', id: message.id }),
      ]);
      expect(Date.now() - started).toBeLessThan(5000);
      const health = await http(`${chat.url}/health`);
      expect(health.status).toBe(503);
      expect(JSON.parse(health.body)).toEqual({
        status: 'error',
        error: { postgres: 'down' },
      });
      for (const answer of calls) {
        expect(answer).toMatchObject({
          ok: false,
          error: { code: ErrorCode.Unavailable },
        });
      }
      expect(
        await request(eve.client, 'typing', { room: 'r', typing: true }),
      ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(
        await request(eve.client, 'room:join', { room: 'banned' }),
      ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(
        await requestOk<JoinResult>(alice, 'room:join', { room: 'r' }),
      ).toMatchObject({ lastRead: 0, unread: 0 });
      postgres.start();
      await until(
        async () => (await http(`${chat.url}/health`)).status === 200,
        20_000,
      );
    }, 60_000);
  },
);
