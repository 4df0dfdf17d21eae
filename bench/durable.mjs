// The durable mode of `npm run bench -- --durable`: the Nest app with
// DATABASE_URL on a database of the bench's own (created, then dropped),
// and what PostgreSQL does meanwhile (it shares the machine): its CPU and
// its transactions, i.e. the round trips the chat made.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';

const SERVER_URL =
  process.env.BENCH_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

async function onServer(sql, values = []) {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Creates the bench's database; resolves with its name and URL. */
export async function createBenchDatabase() {
  const name = `chat_bench_${Date.now().toString(36)}`;
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropBenchDatabase(name) {
  await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Transactions committed in the database so far (each statement of the chat's pool is one). */
export async function transactions(name) {
  // Statistics reach the view at least once a second; wait for them.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const [row] = await onServer(
    'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1',
    [name],
  );
  return Number(row?.n ?? 0);
}

/** CPU time (ms) of each PostgreSQL server process on this machine, by pid. */
export function postgresCpuMs(clockTicks) {
  const byPid = new Map();
  let pids;
  try {
    pids = execFileSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return byPid; // none running
  }
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
        .split(') ')[1]
        .split(' ');
      byPid.set(
        pid,
        ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks,
      );
    } catch {
      // The process ended meanwhile (a connection closed).
    }
  }
  return byPid;
}

/** CPU (ms) PostgreSQL used between two readings; a process that began meanwhile counts from 0. */
export function postgresCpuSince(before, clockTicks) {
  let total = 0;
  for (const [pid, ms] of postgresCpuMs(clockTicks)) {
    total += ms - (before.get(pid) ?? 0);
  }
  return total;
}
