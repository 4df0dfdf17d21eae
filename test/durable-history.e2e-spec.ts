import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import {
  CHAT_DATABASE,
  CHAT_REDIS,
  type ChatModuleOptions,
  type HistoryResult,
  type JoinResult,
  type Message,
} from '../src/index.js';
import {
  ChatHarness,
  collect,
  requestOk,
  sendToRoom,
  settle,
  until,
  type ChatClient,
} from './support/harness.js';
import { freePort } from './support/http.js';
import { hasRedisServer, OwnRedis } from './support/own-redis.js';
import { describeWithPostgres, TestDatabase } from './support/postgres.js';
import { SQL } from '../src/chat/stores/postgres/sql.js';
import {
  deleteKeys,
  describeWithRedis,
  freshPrefix,
  REDIS_URL,
} from './support/redis.js';

const send = (client: ChatClient, text: string, clientMessageId?: string) =>
  sendToRoom(client, 'r', text, clientMessageId);

/** Every kept message of room `r`, paging forward from the start. */
async function everything(client: ChatClient): Promise<Message[]> {
  const all: Message[] = [];
  for (let after = 0, more = true; more;) {
    const page = await requestOk<HistoryResult>(client, 'room:history', {
      room: 'r',
      after,
    });
    all.push(...page.messages);
    more = page.hasMore;
    after = all[all.length - 1]?.seq ?? after;
  }
  return all;
}

describeWithPostgres('durable history (PostgreSQL)', () => {
  let database: TestDatabase;
  let options: ChatModuleOptions;
  const running: ChatHarness[] = [];
  const start = async (extra: ChatModuleOptions = {}) => {
    const chat = await ChatHarness.start({ ...options, ...extra });
    running.push(chat);
    return chat;
  };

  beforeEach(async () => {
    database = await TestDatabase.create();
    options = {
      rateLimit: 0,
      historyLimit: 3,
      database: { url: database.url },
    };
  });
  afterEach(async () => {
    for (const chat of running.splice(0)) await chat.close();
    await database.drop();
  });

  it('keeps history with the same ids and seqs across a restart, and resumes with since', async () => {
    let chat = await start();
    const alice = (await chat.connect('alice')).client;
    await requestOk(alice, 'room:join', { room: 'r' });
    const sent = [];
    for (const text of ['one', 'two', 'three', 'four'])
      sent.push(await send(alice, text));
    await chat.close();
    running.length = 0;

    chat = await start();
    const back = (await chat.connect('alice')).client;
    // The room outlived its members; a join without since gets the newest page.
    const joined = await requestOk<JoinResult>(back, 'room:join', {
      room: 'r',
    });
    expect(joined).toMatchObject({ latestSeq: 4, complete: false });
    expect(joined.history).toEqual(sent.slice(1));
    const resumed = await requestOk<JoinResult>(back, 'room:join', {
      room: 'r',
      since: 2,
    });
    expect(resumed).toMatchObject({ history: sent.slice(2), complete: true });
    expect(await everything(back)).toEqual(sent);
    expect((await send(back, 'five')).seq).toBe(5);
  });

  it('answers a retried clientMessageId with the first message after a restart', async () => {
    let chat = await start();
    const alice = await chat.connect('alice');
    await requestOk(alice.client, 'room:join', { room: 'r' });
    const first = await send(alice.client, 'once', 'c-1');
    await chat.close();
    running.length = 0;
    chat = await start();
    // The same user (a host identity would make it so; here the session id).
    const again = await chat.rooms.publishToRoom('r', 'twice', {
      from: first.from,
      clientMessageId: 'c-1',
    });
    expect(again).toEqual(first);
  });

  it('marks a resume incomplete once retention dropped what was missed', async () => {
    const chat = await start({
      database: { url: database.url, retentionMs: 60_000 },
    });
    const alice = (await chat.connect('alice')).client;
    await requestOk(alice, 'room:join', { room: 'r' });
    for (const text of ['old', 'older', 'new']) await send(alice, text);
    await database.query(
      'UPDATE chat_messages SET at = at - 120000 WHERE seq <= 2',
    );
    const resumed = await requestOk<JoinResult>(alice, 'room:join', {
      room: 'r',
      since: 0,
    });
    expect(resumed).toMatchObject({ latestSeq: 3, complete: false });
    expect(resumed.history.map((m) => m.seq)).toEqual([3]);
  });

  it('lets a host page the history and publish idempotently', async () => {
    const chat = await start();
    for (let i = 1; i <= 5; i++)
      await chat.rooms.publishToRoom('r', `post ${i}`);
    const page = await chat.rooms.history('r', { before: 3, limit: 3 });
    expect([page.messages.map((m) => m.seq), page.hasMore]).toEqual([
      [1, 2],
      false,
    ]);
    const newer = await chat.rooms.history('r', { after: 3 });
    expect(newer.messages.map((m) => m.text)).toEqual(['post 4', 'post 5']);
  });

  it('checks a large batch for repeated clientMessageIds by index, not by reading every stored message', async () => {
    const chat = await start();
    const pool = chat.app.get<pg.Pool>(CHAT_DATABASE);
    await pool.query(
      `INSERT INTO chat_messages (room, seq, id, user_id, nickname, body, at, client_message_id)
       SELECT 'r' || (n % 100), n, gen_random_uuid(), 'u' || (n % 7), 'u', 'line ' || n, $1, 'c' || n
       FROM generate_series(1, 20000) n`,
      [Date.now()],
    );
    await pool.query('ANALYZE chat_messages');
    // A batch as a busy instance sends it: 300 messages, each with an id.
    const keys = Array.from({ length: 300 }, (_, i) => i);
    const rooms = keys.map((i) => `r${i % 100}`);
    const users = keys.map((i) => `u${i % 7}`);
    const clientIds = keys.map((i) => `new-${i}`);
    const planOf = async (sql: string, values: unknown[]) =>
      (
        await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, values)
      ).rows
        .map((row) => row['QUERY PLAN'])
        .join('\n');
    const append = await planOf(SQL.appendBatch, [
      rooms,
      keys.map(() => randomUUID()),
      users,
      users,
      clientIds,
      keys.map(() => Date.now()),
      clientIds,
      keys.map(() => null),
    ]);
    expect(append).toContain('chat_messages_client_id');
    expect(append).not.toContain('Seq Scan on chat_messages');
    const repeats = await planOf(SQL.byClientIds, [rooms, users, clientIds]);
    expect(repeats).toContain('chat_messages_client_id');
    expect(repeats).not.toContain('Seq Scan on chat_messages');
  });
});

describeWithPostgres('two instances on Redis and PostgreSQL', () => {
  describeWithRedis('sending at once into one room', () => {
    let database: TestDatabase;
    let prefix: string;
    let a: ChatHarness;
    let b: ChatHarness;
    beforeEach(async () => {
      database = await TestDatabase.create();
      prefix = freshPrefix();
      const options: ChatModuleOptions = {
        rateLimit: 0,
        database: { url: database.url },
        redis: { url: REDIS_URL, keyPrefix: prefix },
      };
      a = await ChatHarness.start(options);
      b = await ChatHarness.start(options);
    });
    afterEach(async () => {
      await a.close();
      await b.close();
      await deleteKeys(prefix);
      await database.drop();
    });

    it('gives unique, gapless seqs, delivers every message on both, and answers repeats on either', async () => {
      const onA = await Promise.all(['a1', 'a2'].map((n) => a.connect(n)));
      const onB = await Promise.all(['b1', 'b2'].map((n) => b.connect(n)));
      const clients = [...onA, ...onB].map((c) => c.client);
      for (const client of clients)
        await requestOk(client, 'room:join', { room: 'r' });
      const seen = clients.map((client) => collect(client, 'message:new'));
      const acks = await Promise.all(
        clients.flatMap((client, i) =>
          Array.from({ length: 25 }, (_, n) => send(client, `${i}-${n}`)),
        ),
      );
      expect(acks.map((m) => m.seq).sort((x, y) => x! - y!)).toEqual(
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
      await until(() => seen.every((list) => list.length === 100), 5000);
      for (const list of seen) {
        expect(new Set(list.map((m) => m.id)).size).toBe(100);
      }
      // A retry through the other instance answers the first message.
      const first = await send(clients[0], 'keyed', 'k-1');
      await settle(...clients);
      const repeat = await b.rooms.publishToRoom('r', 'keyed again', {
        from: first.from,
        clientMessageId: 'k-1',
      });
      expect(repeat).toEqual(first);
      await settle(...clients);
      expect(seen[3].filter((m) => m.clientMessageId === 'k-1')).toHaveLength(
        1,
      );
    });
  });
});

(hasRedisServer ? describeWithPostgres : describe.skip)(
  'Redis lost, PostgreSQL still there',
  () => {
    let database: TestDatabase;
    let redis: OwnRedis;
    let chat: ChatHarness;
    beforeEach(async () => {
      database = await TestDatabase.create();
      redis = new OwnRedis(await freePort());
      await redis.start();
      chat = await ChatHarness.start({
        rateLimit: 0,
        database: { url: database.url },
        redis: { url: redis.url, keyPrefix: 'both:' },
      });
    });
    afterEach(async () => {
      await chat.close();
      await redis.stop();
      await database.drop();
    });

    it('still commits room messages and delivers them to this instance’s members', async () => {
      const alice = (await chat.connect('alice')).client;
      const bob = (await chat.connect('bob')).client;
      for (const client of [alice, bob])
        await requestOk(client, 'room:join', { room: 'r' });
      await redis.stop();
      await until(
        () => chat.app.get<Redis>(CHAT_REDIS).status !== 'ready',
        5000,
      );
      const toBob = collect(bob, 'message:new');
      const sent = await send(alice, 'while Redis is away');
      expect(sent.seq).toBe(1);
      await until(() => toBob.length === 1);
      expect(toBob).toEqual([sent]);
      expect((await chat.rooms.history('r')).messages).toEqual([sent]);
    }, 30_000);
  },
);
