// `npm run bench -- --inbox`: signed-in users, in memory and on
// PostgreSQL, through the chat module (bench/signed-in-server.mjs, from
// dist/): inbox:list for a user in 1,000 rooms (`--inbox-rooms=N`), and
// the handshake of users in 0, 50 and 1,000 rooms (their rooms are read
// before the handshake ends). PostgreSQL is seeded with generate_series on
// a database of the bench's own (dropped at the end), memory through
// sockets. Reports p50/p99 of round trips from one client, one call at a
// time, and the plan of the inbox's statement.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import pg from 'pg';
import { SignJWT } from 'jose';
import { io } from 'socket.io-client';
import { flag, log, percentile } from './common.mjs';
import { createBenchDatabase, dropBenchDatabase } from './durable.mjs';

const ROOMS = Number(flag('inbox-rooms') ?? 1000);
const MESSAGES_PER_ROOM = 20;
const CALLS = 200;
const CONNECTS = 100;
const SECRET = 'a-bench-signing-secret-of-32-bytes!';

const token = (sub) =>
  new SignJWT({ name: sub })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));

/** `user` in `rooms` rooms named `<prefix>0001…`, each with messages by others and a read position half-way. */
async function seed(pool, user, prefix, rooms, now) {
  await pool.query(
    `INSERT INTO chat_members (room, user_id, nickname, kind, joined_at)
     SELECT $2 || lpad(r::text, 4, '0'), $1, $1, 'room', $4::bigint - r
     FROM generate_series(1, $3::int) r`,
    [user, prefix, rooms, now],
  );
  await pool.query(
    `INSERT INTO chat_messages (room, seq, id, user_id, nickname, body, at)
     SELECT $1 || lpad(r::text, 4, '0'), s, gen_random_uuid(), 'other', 'other',
            'message ' || s, $4::bigint - r * 100 + s
     FROM generate_series(1, $2::int) r, generate_series(1, $3::int) s`,
    [prefix, rooms, MESSAGES_PER_ROOM, now],
  );
  await pool.query(
    `INSERT INTO chat_rooms (room, latest_seq)
     SELECT $1 || lpad(r::text, 4, '0'), $3 FROM generate_series(1, $2::int) r`,
    [prefix, rooms, MESSAGES_PER_ROOM],
  );
  await pool.query(
    `INSERT INTO chat_reads (room, user_id, last_read)
     SELECT $2 || lpad(r::text, 4, '0'), $1, r % $4
     FROM generate_series(1, $3::int) r`,
    [user, prefix, rooms, MESSAGES_PER_ROOM],
  );
}

/** The chat module in a process of its own; resolves with its URL and the process. */
async function startSignedIn(env) {
  const child = spawn(
    process.execPath,
    [new URL('./signed-in-server.mjs', import.meta.url).pathname],
    {
      env: { ...process.env, ...env, CHAT_JWT_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [line] = await once(child.stdout, 'data');
  return { child, url: String(line).trim() };
}

async function stop(child) {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Memory has no table to fill: the same rooms, messages and reads through sockets. */
async function seedThroughSockets(url, user, prefix, rooms) {
  const member = await connect(url, { token: await token(user) });
  const other = await connect(url, { token: await token('other') });
  for (let r = 1; r <= rooms; r++) {
    const room = prefix + String(r).padStart(4, '0');
    await member.emitWithAck('room:join', { room });
    await other.emitWithAck('room:join', { room });
    for (let s = 1; s <= MESSAGES_PER_ROOM; s++) {
      await other.emitWithAck('message:send', { room, text: `message ${s}` });
    }
    const seq = r % MESSAGES_PER_ROOM;
    if (seq > 0) await member.emitWithAck('room:read', { room, seq });
  }
  member.disconnect();
  other.disconnect();
}

function connect(url, auth) {
  const socket = io(`${url}/chat`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('session', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const row = (what, mode, times) =>
  log(
    `| ${what} | ${mode} | ${percentile(times, 50).toFixed(2)} | ${percentile(times, 99).toFixed(2)} |`,
  );

export async function inboxBench() {
  const { migrate } =
    await import('../dist/chat/stores/postgres/migrations.js');
  const { SQL } = await import('../dist/chat/stores/postgres/sql.js');
  log(
    `inbox: a user in ${ROOMS} rooms of ${MESSAGES_PER_ROOM} messages, one in 50, one in none`,
  );
  log(
    '\n| round trip (one client, one call at a time) | mode | p50 ms | p99 ms |',
  );
  log('| --- | --- | ---: | ---: |');

  const memory = await startSignedIn({});
  try {
    await seedThroughSockets(memory.url, 'heavy', 'h', ROOMS);
    await seedThroughSockets(memory.url, 'fifty', 'f', 50);
    await measure(memory.url, 'memory');
  } finally {
    await stop(memory.child);
  }

  const database = await createBenchDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  let durable = null;
  try {
    await migrate(database.url);
    const now = Date.now();
    await seed(pool, 'heavy', 'h', ROOMS, now);
    await seed(pool, 'fifty', 'f', 50, now);
    await pool.query('VACUUM ANALYZE');
    durable = await startSignedIn({ DATABASE_URL: database.url });
    await measure(durable.url, 'PostgreSQL');
    const plan = await pool.query(`EXPLAIN ANALYZE ${SQL.inboxStates}`, [
      'heavy',
      0,
    ]);
    log('\nPlan of the inbox states statement (all rooms of the user):');
    for (const { 'QUERY PLAN': line } of plan.rows) log(`    ${line}`);
  } finally {
    if (durable) await stop(durable.child);
    await pool.end();
    await dropBenchDatabase(database.name);
  }
}

async function measure(url, mode) {
  const heavy = await connect(url, { token: await token('heavy') });
  const first = [];
  const next = [];
  let checked = null;
  for (let i = 0; i < CALLS; i++) {
    let t = performance.now();
    const page = await heavy.emitWithAck('inbox:list', { limit: 50 });
    first.push(performance.now() - t);
    t = performance.now();
    await heavy.emitWithAck('inbox:list', {
      limit: 50,
      cursor: page.data.cursor,
    });
    next.push(performance.now() - t);
    checked ??= page.data;
  }
  heavy.disconnect();
  if (checked.totalUnread !== expectedUnread(ROOMS)) {
    throw new Error(
      `${mode}: totalUnread ${checked.totalUnread}, not ${expectedUnread(ROOMS)}`,
    );
  }
  row(`inbox:list, first page of 50 (user in ${ROOMS} rooms)`, mode, first);
  row('inbox:list, the next page (cursor)', mode, next);
  for (const [user, rooms] of [
    ['nobody', 0],
    ['fifty', 50],
    ['heavy', ROOMS],
  ]) {
    const auth = { token: await token(user) };
    const times = [];
    for (let i = 0; i < CONNECTS; i++) {
      const t = performance.now();
      const socket = await connect(url, auth);
      times.push(performance.now() - t);
      socket.disconnect();
    }
    row(`handshake to session, user in ${rooms} rooms`, mode, times);
  }
}

/** Room r has read position r % 20 of 20 messages by others: unread 20 - r % 20. */
function expectedUnread(rooms) {
  let sum = 0;
  for (let r = 1; r <= rooms; r++)
    sum += MESSAGES_PER_ROOM - (r % MESSAGES_PER_ROOM);
  return sum;
}
