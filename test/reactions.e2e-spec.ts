import type {
  HistoryResult,
  JoinResult,
  Message,
  ReactResult,
} from '../src/index.js';
import {
  byUserName,
  ChatHarness,
  collect,
  request,
  requestOk,
  sendToRoom,
  settle,
  waitFor,
  type ChatClient,
} from './support/harness.js';
import { STORE_MODES, type StoreMode } from './support/store-modes.js';
import { describeWithPostgres, TestDatabase } from './support/postgres.js';
import {
  deleteKeys,
  describeWithRedis,
  freshPrefix,
  REDIS_URL,
} from './support/redis.js';

describe.each(STORE_MODES)(
  'reactions (%s)',
  (_mode, describeMode, openMode) => {
    describeMode('', () => {
      let mode: StoreMode;
      let chat: ChatHarness;
      let ann: ChatClient;
      let bob: ChatClient;
      let message: Message;
      beforeEach(async () => {
        mode = await openMode();
        chat = await ChatHarness.start({
          ...mode.options,
          rateLimit: 0,
          adminToken: 'react',
        });
        ann = (await chat.connect('ann')).client;
        bob = (await chat.connect('bob')).client;
        for (const client of [ann, bob]) {
          await requestOk(client, 'room:join', { room: 'r' });
        }
        message = await sendToRoom(bob, 'r', 'react to me');
      });
      afterEach(async () => {
        await chat.close();
        await mode.close();
      });

      const react = (
        client: ChatClient,
        emoji: string,
        on = true,
        id = message.id,
      ) =>
        request<ReactResult>(client, 'message:react', {
          room: 'r',
          id,
          emoji,
          on,
        });

      it('toggles per user, tells the room only on a change, and orders emoji by first use', async () => {
        const bobHears = collect(bob, 'message:reactions');
        const first = waitFor(bob, 'message:reactions');
        expect(await react(ann, '👍')).toMatchObject({
          ok: true,
          data: {
            room: 'r',
            id: message.id,
            reactions: [
              { emoji: '👍', count: 1, userIds: [expect.any(String)] },
            ],
          },
        });
        expect(await first).toMatchObject({
          room: 'r',
          id: message.id,
          seq: message.seq,
        });
        await react(bob, '🎉');
        await react(bob, '👍');
        // Nothing changes: acked, and no event.
        await react(ann, '👍');
        await react(ann, '😀', false);
        const now = await react(ann, '👍');
        expect(
          now.ok && now.data.reactions.map((r) => [r.emoji, r.count]),
        ).toEqual([
          ['👍', 2],
          ['🎉', 1],
        ]);
        await settle(bob);
        expect(bobHears).toHaveLength(3);
        await react(ann, '👍', false);
        const joined = await requestOk<JoinResult>(
          (await chat.connect('carol')).client,
          'room:join',
          { room: 'r' },
        );
        expect(joined.history[0].reactions).toEqual([
          { emoji: '👍', count: 1, userIds: [joined.history[0].from.userId] },
          { emoji: '🎉', count: 1, userIds: [joined.history[0].from.userId] },
        ]);
        const { messages } = await requestOk<HistoryResult>(
          ann,
          'room:history',
          {
            room: 'r',
          },
        );
        expect(messages[0].reactions).toHaveLength(2);
      });

      it('caps emoji per message at 20 and lists the first 20 users', async () => {
        for (let i = 0; i < 20; i++) {
          expect((await react(ann, `e${i}`)).ok).toBe(true);
        }
        expect(await react(ann, 'e20')).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION_FAILED' },
        });
        // An emoji already there still takes more users.
        expect((await react(bob, 'e0')).ok).toBe(true);
        const clients = [];
        for (let i = 0; i < 21; i++) {
          const { client } = await chat.connect(`u${i}`);
          await requestOk(client, 'room:join', { room: 'r' });
          clients.push(client);
        }
        for (const client of clients) await react(client, 'e1');
        const last = await react(ann, 'e1');
        const e1 = last.ok ? last.data.reactions[1] : null;
        expect(e1).toMatchObject({ emoji: 'e1', count: 22 });
        expect(e1?.userIds).toHaveLength(20);
      });

      it('refuses bad emoji, unknown or deleted messages, non-members and the muted', async () => {
        for (const emoji of [
          'x'.repeat(17),
          ' ',
          'a b',
          '\u0007',
          '\u200d',
          '',
          5,
        ]) {
          expect(await react(ann, emoji as string)).toMatchObject({
            ok: false,
            error: { code: 'VALIDATION_FAILED' },
          });
        }
        expect(
          await request(ann, 'message:react', {
            room: 'r',
            id: message.id,
            emoji: '👍',
          }),
        ).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
        for (const id of [
          'not-a-uuid',
          '0b0e3e9e-6d3c-4b8a-9d55-0c9f5d1e2a77',
        ]) {
          expect(await react(ann, '👍', true, id)).toMatchObject({
            ok: false,
            error: { code: 'NOT_FOUND' },
          });
        }
        const eve = (await chat.connect('eve')).client;
        expect(await react(eve, '👍')).toMatchObject({
          ok: false,
          error: { code: 'NOT_IN_ROOM' },
        });
        const annId = (
          await requestOk<JoinResult>(ann, 'room:join', { room: 'r' })
        ).members.find((m) => m.nickname === 'ann')!.userId;
        await chat.rooms.mute(annId, 'r');
        expect(await react(ann, '👍')).toMatchObject({
          ok: false,
          error: { code: 'FORBIDDEN' },
        });
        await requestOk(bob, 'message:delete', { room: 'r', id: message.id });
        expect(await react(bob, '👍')).toMatchObject({
          ok: false,
          error: { code: 'NOT_FOUND' },
        });
      });
    });
  },
);

describe('reactions under a flood', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  it('spends the message budget: a flood of toggles is RATE_LIMITED', async () => {
    chat = await ChatHarness.start({ rateLimit: 5 });
    const { client } = await chat.connect('flooder');
    await requestOk(client, 'room:join', { room: 'r' });
    const message = await sendToRoom(client, 'r', 'x');
    const codes = [];
    for (let i = 0; i < 10; i++) {
      const answer = await request(client, 'message:react', {
        room: 'r',
        id: message.id,
        emoji: '👍',
        on: i % 2 === 0,
      });
      codes.push(answer.ok ? 'ok' : answer.error.code);
    }
    expect(codes.slice(0, 4)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(codes.slice(4)).toEqual(Array(6).fill('RATE_LIMITED'));
  });
});

describeWithRedis('reactions on two instances sharing Redis', () => {
  let prefix: string;
  let a: ChatHarness;
  let b: ChatHarness;
  beforeEach(async () => {
    prefix = freshPrefix();
    const options = {
      authenticate: byUserName,
      rateLimit: 0,
      redis: { url: REDIS_URL, keyPrefix: prefix },
    };
    a = await ChatHarness.start(options);
    b = await ChatHarness.start(options);
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await deleteKeys(prefix);
  });

  it('counts the same reaction added at once on both instances once, and says so once', async () => {
    const phone = (await a.connectWith({ user: 'ann' })).client;
    const laptop = (await b.connectWith({ user: 'ann' })).client;
    const bob = (await a.connectWith({ user: 'bob' })).client;
    await requestOk(phone, 'room:join', { room: 'r' });
    await requestOk(bob, 'room:join', { room: 'r' });
    const message = await sendToRoom(bob, 'r', 'both at once');
    const heard = collect(bob, 'message:reactions');
    const payload = { room: 'r', id: message.id, emoji: '👍', on: true };
    const answers = await Promise.all(
      [phone, laptop].map((client) =>
        requestOk<ReactResult>(client, 'message:react', payload),
      ),
    );
    for (const answer of answers) {
      expect(answer.reactions).toEqual([
        { emoji: '👍', count: 1, userIds: ['ann'] },
      ]);
    }
    await settle(bob);
    expect(heard).toHaveLength(1);
  });
});

describeWithPostgres('reactions on two instances sharing PostgreSQL', () => {
  let database: TestDatabase;
  let a: ChatHarness;
  let b: ChatHarness;
  beforeEach(async () => {
    database = await TestDatabase.create();
    const options = {
      authenticate: byUserName,
      rateLimit: 0,
      database: { url: database.url },
    };
    a = await ChatHarness.start(options);
    b = await ChatHarness.start(options);
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await database.drop();
  });

  it('keeps the cap of 20 emoji when the 20th and a 21st come at once from two instances', async () => {
    const ann = (await a.connectWith({ user: 'ann' })).client;
    const bob = (await b.connectWith({ user: 'bob' })).client;
    for (const client of [ann, bob]) {
      await requestOk(client, 'room:join', { room: 'r' });
    }
    const message = await sendToRoom(ann, 'r', 'crowded');
    const react = (client: typeof ann, emoji: string) =>
      request<ReactResult>(client, 'message:react', {
        room: 'r',
        id: message.id,
        emoji,
        on: true,
      });
    for (let i = 0; i < 19; i++) await react(ann, `e${i}`);
    const [first, second] = await Promise.all([
      react(ann, 'last-a'),
      react(bob, 'last-b'),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    const now = await react(ann, 'e0');
    expect(now.ok && now.data.reactions).toHaveLength(20);
    // The same reaction from both instances at once counts once.
    const annOnB = (await b.connectWith({ user: 'ann' })).client;
    const [x, y] = await Promise.all([react(ann, 'e1'), react(annOnB, 'e1')]);
    expect(x.ok && y.ok).toBe(true);
    const after = await react(bob, 'e2');
    expect(after.ok && after.data.reactions[1]).toMatchObject({
      emoji: 'e1',
      count: 1,
    });
  });
});
