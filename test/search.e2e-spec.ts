import { ChatHarness, request, requestOk } from './support/harness.js';
import { STORE_MODES, type StoreMode } from './support/store-modes.js';
import type pg from 'pg';
import { CHAT_DATABASE, type Message } from '../src/index.js';
import { SQL } from '../src/chat/stores/postgres/sql.js';
import { describeWithPostgres, TestDatabase } from './support/postgres.js';

type Found = { room: string; messages: Message[] };

describe.each(STORE_MODES)('room:search (%s)', (name, describeIf, open) => {
  describeIf(name, () => {
    let mode: StoreMode;
    let chat: ChatHarness;
    beforeEach(async () => {
      mode = await open();
      chat = await ChatHarness.start({ ...mode.options, rateLimit: 0 });
    });
    afterEach(async () => {
      await chat.close();
      await mode.close();
    });

    async function roomWith(texts: string[]) {
      const { client } = await chat.connect('ann');
      await requestOk(client, 'room:join', { room: 'r' });
      const sent: Message[] = [];
      for (const text of texts) {
        sent.push(
          (
            await requestOk<{ message: Message }>(client, 'message:send', {
              room: 'r',
              text,
            })
          ).message,
        );
      }
      return { client, sent };
    }
    const texts = (found: Found) => found.messages.map((m) => m.text);

    it('finds messages with every word, as whole words in any case, newest first', async () => {
      const { client, sent } = await roomWith([
        'Deploy finished on staging',
        'the deployment is late',
        'DEPLOY failed on production',
        'lunch?',
        'deploy finished on production',
      ]);
      const search = (query: string, limit?: number) =>
        requestOk<Found>(client, 'room:search', { room: 'r', query, limit });
      expect(texts(await search('deploy'))).toEqual([
        'deploy finished on production',
        'DEPLOY failed on production',
        'Deploy finished on staging',
      ]);
      expect(texts(await search('  Production   deploy '))).toEqual([
        'deploy finished on production',
        'DEPLOY failed on production',
      ]);
      expect(texts(await search('deploy', 1))).toEqual([
        'deploy finished on production',
      ]);
      expect(texts(await search('lunch'))).toEqual(['lunch?']);
      expect(texts(await search('deploy nothing'))).toEqual([]);
      // A deleted message is never found.
      await requestOk(client, 'message:delete', { room: 'r', id: sent[4].id });
      expect(texts(await search('finished'))).toEqual([
        'Deploy finished on staging',
      ]);
      const found = await search('staging');
      expect(found).toEqual({
        room: 'r',
        messages: [expect.objectContaining({ id: sent[0].id, seq: 1 })],
      });
    });

    it('reads metacharacters as plain text, takes 200 characters, and refuses more', async () => {
      const { client } = await roomWith(["it's 100% done", 'a_b c|d']);
      for (const query of [
        '%',
        '_',
        "'",
        '\\',
        ':*',
        '&',
        '|',
        '!',
        "it's",
        "'; DROP TABLE chat_messages; --",
        'a:* & b | !c',
      ]) {
        const answer = await request<Found>(client, 'room:search', {
          room: 'r',
          query,
        });
        expect({ query, ok: answer.ok }).toEqual({ query, ok: true });
      }
      expect(
        texts(
          await requestOk<Found>(client, 'room:search', {
            room: 'r',
            query: '100%',
          }),
        ),
      ).toEqual(["it's 100% done"]);
      // 100 words in 199 characters are taken; 200 words are over 200 characters.
      const words = Array.from(
        { length: 100 },
        (_, i) => 'abcdefghij'[i % 10],
      ).join(' ');
      expect(words).toHaveLength(199);
      expect(
        (
          await requestOk<Found>(client, 'room:search', {
            room: 'r',
            query: words,
          })
        ).messages,
      ).toEqual([]);
      for (const payload of [
        { room: 'r', query: 'x'.repeat(201) },
        { room: 'r', query: Array.from({ length: 200 }, () => 'w').join(' ') },
        { room: 'r', query: '   ' },
        { room: 'r', query: 7 },
        { room: 'r', query: 'done', limit: 51 },
        { room: 'r', query: 'done', limit: 0 },
      ]) {
        expect(await request(client, 'room:search', payload)).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION_FAILED' },
        });
      }
    });

    it('answers a non-member NOT_IN_ROOM', async () => {
      await roomWith(['secret plans']);
      const { client: eve } = await chat.connect('eve');
      expect(
        await request(eve, 'room:search', { room: 'r', query: 'secret' }),
      ).toMatchObject({ ok: false, error: { code: 'NOT_IN_ROOM' } });
    });
  });
});

describeWithPostgres('room:search on PostgreSQL: the full-text index', () => {
  let database: TestDatabase;
  let chat: ChatHarness;
  beforeAll(async () => {
    database = await TestDatabase.create();
    chat = await ChatHarness.start({ database: { url: database.url } });
  });
  afterAll(async () => {
    await chat.close();
    await database.drop();
  });

  it('answers from the GIN index on a large room, not by reading the room', async () => {
    const pool = chat.app.get<pg.Pool>(CHAT_DATABASE);
    await pool.query(
      `INSERT INTO chat_messages (room, seq, id, user_id, nickname, body, at)
       SELECT 'big', n, gen_random_uuid(), 'u', 'u', 'routine status line ' || n, $1
       FROM generate_series(1, 20000) n`,
      [Date.now()],
    );
    await pool.query(
      `INSERT INTO chat_rooms (room, latest_seq) VALUES ('big', 20000)`,
    );
    await pool.query('ANALYZE chat_messages');
    const plan = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN ${SQL.searchMessages}`,
      ['big', 'needle', 0, 20],
    );
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain(
      'chat_messages_search',
    );
  });
});
