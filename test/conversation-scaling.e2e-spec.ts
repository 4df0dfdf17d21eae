import type { ChatModuleOptions, JoinResult, Message } from '../src/index.js';
import {
  adminCall,
  answerCode,
  byUserName,
  ChatHarness,
  requestOk,
  sendToRoom,
  waitFor,
  type ChatClient,
} from './support/harness.js';
import { describeWithPostgres, TestDatabase } from './support/postgres.js';
import {
  deleteKeys,
  describeWithRedis,
  freshPrefix,
  REDIS_URL,
} from './support/redis.js';

const TOKEN = 'scaling-token';

describeWithRedis(
  'edits, reads, bans and mutes across instances (Redis)',
  () => {
    let keyPrefix: string;
    let one: ChatHarness;
    let two: ChatHarness;
    let ann: ChatClient;
    let bob: ChatClient;

    beforeEach(async () => {
      keyPrefix = freshPrefix();
      const options: ChatModuleOptions = {
        redis: { url: REDIS_URL, keyPrefix },
        authenticate: byUserName,
        adminToken: TOKEN,
        rateLimit: 0,
      };
      [one, two] = await Promise.all([
        ChatHarness.start(options),
        ChatHarness.start(options),
      ]);
      ann = (await one.connectWith({ user: 'ann' })).client;
      bob = (await two.connectWith({ user: 'bob' })).client;
      for (const socket of [ann, bob]) {
        await requestOk(socket, 'room:join', { room: 'r' });
      }
    });
    afterEach(async () => {
      await Promise.all([one.close(), two.close()]);
      await deleteKeys(keyPrefix);
    });

    it('an edit and a deletion reach members on the other instance', async () => {
      const sent = await sendToRoom(ann, 'r', 'helo');
      const updated = waitFor(bob, 'message:updated');
      await requestOk(ann, 'message:edit', {
        room: 'r',
        id: sent.id,
        text: 'hello',
      });
      expect(await updated).toMatchObject({ id: sent.id, text: 'hello' });
      const deleted = waitFor(bob, 'message:deleted');
      await requestOk(ann, 'message:delete', { room: 'r', id: sent.id });
      expect(await deleted).toEqual({ room: 'r', id: sent.id, seq: sent.seq });
    });

    it('a read position reaches the user’s socket on the other instance', async () => {
      await sendToRoom(bob, 'r', 'one');
      const annElsewhere = (await two.connectWith({ user: 'ann' })).client;
      await requestOk(annElsewhere, 'room:join', { room: 'r' });
      const synced = waitFor(annElsewhere, 'room:read');
      await requestOk(ann, 'room:read', { room: 'r', seq: 1 });
      expect(await synced).toEqual({ room: 'r', lastRead: 1 });
    });

    it('a ban through one instance kicks and refuses on the other; an unban through the other lifts it', async () => {
      const adminOne = await one.admin(TOKEN);
      const kicked = waitFor(bob, 'room:kicked');
      expect(
        await adminCall(adminOne, 'admin:ban', { userId: 'bob', room: 'r' }),
      ).toEqual({ ok: true, data: { kicked: 1 } });
      await kicked;
      expect(await answerCode(bob, 'room:join', { room: 'r' })).toBe(
        'FORBIDDEN',
      );
      const bobOnOne = (await one.connectWith({ user: 'bob' })).client;
      expect(await answerCode(bobOnOne, 'room:join', { room: 'r' })).toBe(
        'FORBIDDEN',
      );
      const adminTwo = await two.admin(TOKEN);
      await adminCall(adminTwo, 'admin:unban', { userId: 'bob', room: 'r' });
      await requestOk(bobOnOne, 'room:join', { room: 'r' });
      await requestOk(bob, 'room:join', { room: 'r' });
    });

    it('a mute through one instance holds on the other, and a newly started instance knows it', async () => {
      const adminTwo = await two.admin(TOKEN);
      await adminCall(adminTwo, 'admin:mute', { userId: 'ann', room: 'r' });
      expect(
        await answerCode(ann, 'message:send', { room: 'r', text: 'x' }),
      ).toBe('FORBIDDEN');
      const three = await ChatHarness.start({
        redis: { url: REDIS_URL, keyPrefix },
        authenticate: byUserName,
      });
      try {
        const annOnThree = (await three.connectWith({ user: 'ann' })).client;
        await requestOk(annOnThree, 'room:join', { room: 'r' });
        expect(
          await answerCode(annOnThree, 'typing', { room: 'r', typing: true }),
        ).toBe('FORBIDDEN');
      } finally {
        await three.close();
      }
    });
  },
);

describeWithPostgres(
  'edits, reads, bans and mutes after a restart (PostgreSQL)',
  () => {
    let database: TestDatabase;
    let chat: ChatHarness | null = null;
    const start = async () =>
      (chat = await ChatHarness.start({
        database: { url: database.url },
        authenticate: byUserName,
        adminToken: TOKEN,
        rateLimit: 0,
      }));

    beforeEach(async () => {
      database = await TestDatabase.create();
    });
    afterEach(async () => {
      await chat?.close();
      await database.drop();
    });

    it('keeps edits, tombstones, read positions, bans and mutes', async () => {
      let server = await start();
      const ann = (await server.connectWith({ user: 'ann' })).client;
      const bob = (await server.connectWith({ user: 'bob' })).client;
      for (const socket of [ann, bob]) {
        await requestOk(socket, 'room:join', { room: 'r' });
      }
      const sent: Message[] = [];
      for (const text of ['a', 'b', 'c', 'd']) {
        sent.push(await sendToRoom(bob, 'r', text));
      }
      await requestOk(bob, 'message:edit', {
        room: 'r',
        id: sent[0].id,
        text: 'A',
      });
      await requestOk(bob, 'message:delete', { room: 'r', id: sent[1].id });
      await requestOk(ann, 'room:read', { room: 'r', seq: 2 });
      const admin = await server.admin(TOKEN);
      await adminCall(admin, 'admin:mute', { userId: 'ann', room: 'r' });
      await adminCall(admin, 'admin:ban', { userId: 'eve', room: 'r' });
      await server.close();
      chat = null;

      server = await start();
      const annAgain = (await server.connectWith({ user: 'ann' })).client;
      const joined = await requestOk<JoinResult>(annAgain, 'room:join', {
        room: 'r',
      });
      expect(joined).toMatchObject({ lastRead: 2, unread: 2, latestSeq: 4 });
      expect(
        joined.history.map((m) => [m.seq, m.text, !!m.editedAt, !!m.deletedAt]),
      ).toEqual([
        [1, 'A', true, false],
        [2, '', false, true],
        [3, 'c', false, false],
        [4, 'd', false, false],
      ]);
      expect(
        await answerCode(annAgain, 'message:send', { room: 'r', text: 'x' }),
      ).toBe('FORBIDDEN');
      const eve = (await server.connectWith({ user: 'eve' })).client;
      expect(await answerCode(eve, 'room:join', { room: 'r' })).toBe(
        'FORBIDDEN',
      );
    });
  },
);
