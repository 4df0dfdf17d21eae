// `npm run bench -- --search`: room:search on PostgreSQL over one room of
// 1,000,000 messages (`--search-rows=N` for another size), through the
// chat's own statement and migrations (the build in dist/). Seeded with
// generate_series on a database of the bench's own (dropped at the end);
// reports p50/p99 per query shape (the chat's PostgresMessageSearch, as
// room:search runs it) and the plans PostgreSQL chose.
import pg from 'pg';
import { flag, log, median, percentile } from './common.mjs';
import { createBenchDatabase, dropBenchDatabase } from './durable.mjs';

const ROWS = Number(flag('search-rows') ?? 1_000_000);
const QUERIES = 200;
const LIMIT = 20;
/** Ten words, each in a tenth of the messages; an md5 per message is a word of its own. */
const COMMON = [
  'deploy',
  'build',
  'coffee',
  'lunch',
  'review',
  'merge',
  'release',
  'incident',
  'alert',
  'backup',
];

/** Query shapes: what each asks of the index, and a query for round `i`. */
const SHAPES = {
  'one rare word (1 match)': () => (i) => md5Word(1 + ((i * 7919) % ROWS)),
  'one common word (10% of the room)': () => (i) => COMMON[i % 10],
  'two words (1% of the room)': () => (i) =>
    `${COMMON[i % 10]} ${COMMON[(i + 3) % 10]}`,
  'a word in no message': () => (i) => `absent${i}`,
};

/** The md5 word of message n, as the seed writes it (PostgreSQL's md5 of n). */
let md5Word = () => '';

export async function searchBench() {
  const { SQL } = await import('../dist/chat/stores/postgres/sql.js');
  const { migrate } =
    await import('../dist/chat/stores/postgres/migrations.js');
  const { PostgresMessageSearch } =
    await import('../dist/chat/stores/postgres/postgres-message.search.js');
  const { searchWords } = await import('../dist/chat/stores/search-words.js');
  const database = await createBenchDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  try {
    await migrate(database.url);
    const started = performance.now();
    await pool.query(
      `INSERT INTO chat_messages (room, seq, id, user_id, nickname, body, at)
       SELECT 'big', n, gen_random_uuid(), 'u' || (n % 50), 'user',
              'status ' || ($2::text[])[1 + n % 10] || ' ' || ($2::text[])[1 + (n / 10) % 10]
                || ' ' || md5(n::text),
              $3::bigint + n
       FROM generate_series(1, $1::int) n`,
      [ROWS, COMMON, Date.now() - ROWS],
    );
    await pool.query(
      `INSERT INTO chat_rooms (room, latest_seq) VALUES ('big', $1)`,
      [ROWS],
    );
    await pool.query('VACUUM ANALYZE chat_messages');
    log(
      `search: ${ROWS} messages in one room, seeded and indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const hashes = await pool.query(
      'SELECT n, md5(n::text) AS word FROM generate_series(1, $1::int) n',
      [Math.min(ROWS, 10_000)],
    );
    const words = hashes.rows.map((row) => row.word);
    md5Word = (n) => words[(n - 1) % words.length];
    log('\n| query | p50 ms | p99 ms | results (median) | plan |');
    log('| --- | ---: | ---: | ---: | --- |');
    const search = new PostgresMessageSearch(pool, () => 0);
    for (const [shape, make] of Object.entries(SHAPES)) {
      const query = make();
      const times = [];
      const counts = [];
      for (let i = 0; i < QUERIES; i++) {
        const t = performance.now();
        const found = await search.search('big', searchWords(query(i)), LIMIT);
        times.push(performance.now() - t);
        counts.push(found.length);
      }
      // The statements the search ran for one query of this shape, and their plans.
      const words = searchWords(query(1)).join(' ');
      const recent = await pool.query(SQL.searchRecent, [
        'big',
        words,
        0,
        LIMIT,
        2000,
      ]);
      const statements =
        recent.rows.length >= LIMIT
          ? ['searchRecent']
          : ['searchRecent', 'searchMessages'];
      const plans = [];
      for (const name of statements) {
        const params = [
          'big',
          words,
          0,
          LIMIT,
          ...(name === 'searchRecent' ? [2000] : []),
        ];
        const plan = await pool.query(`EXPLAIN ${SQL[name]}`, params);
        plans.push(
          `${name}: ${plan.rows
            .map((row) => row['QUERY PLAN'].trim())
            .filter((line) => /Scan|Sort(?! Key)|Limit/.test(line))
            .map((line) =>
              line.replace(/\s+\(cost.*$/, '').replace(/^->\s*/, ''),
            )
            .join(' → ')}`,
        );
      }
      log(
        `| ${shape} | ${percentile(times, 50).toFixed(2)} | ${percentile(times, 99).toFixed(2)} | ${median(counts)} | ${plans.join('; ')} |`,
      );
    }
  } finally {
    await pool.end();
    await dropBenchDatabase(database.name);
  }
}
