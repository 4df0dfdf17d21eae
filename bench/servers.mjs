// Starting and stopping a server of the bench, and reading its memory.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectAll, cpuMs, pinned } from './common.mjs';
import {
  nodeArgs,
  PORT,
  SCRIPTS,
  SERVER_CORES,
  serverEnv,
  URL,
  withPerf,
} from './config.mjs';
import { PERF_FOLDER, perfNodeArgs } from './perf-window.mjs';
import { WEBHOOK_ENV } from './webhook-receiver.mjs';

/** The database of the durable server, once created (`useBenchDatabase`). */
let benchDatabase = null;

/** The durable server's database for the rest of the run. */
export function useBenchDatabase(database) {
  benchDatabase = database;
}

/**
 * `extraArgs`: Node.js flags for this start only (the memory scenario's
 * heap probe); `extraEnv`: its environment (the soak's stores); `wrapper`:
 * a command the server runs under (valgrind for `--instructions`), which
 * also gives it `startSeconds` to answer.
 */
export async function startServer(
  name,
  extraArgs = [],
  extraEnv = {},
  { wrapper = [], startSeconds = 10 } = {},
) {
  const [program, ...wrapped] = [...wrapper, process.execPath];
  const [command, args] = pinned(SERVER_CORES, program, [
    ...wrapped,
    ...nodeArgs(name),
    ...(withPerf ? perfNodeArgs(name) : []),
    ...extraArgs,
    resolve(SCRIPTS[name]), // `--perf` starts the servers in a folder of their own
  ]);
  const env = {
    ...process.env,
    PORT: String(PORT),
    CHAT_RATE_LIMIT: '0',
    LOG_LEVEL: 'warn',
  };
  delete env.REDIS_URL; // one process, in memory, like the baseline
  delete env.DATABASE_URL;
  if (name.startsWith('durable')) env.DATABASE_URL = benchDatabase.url;
  if (name.endsWith('webhooks')) Object.assign(env, WEBHOOK_ENV);
  Object.assign(env, serverEnv(name), extraEnv);
  const child = spawn(command, args, {
    env,
    ...(withPerf ? { cwd: PERF_FOLDER } : {}),
    stdio: [
      'ignore',
      process.env.BENCH_SERVER_STDOUT ? 'inherit' : 'ignore',
      'inherit',
    ],
  });
  child.database = name.startsWith('durable') ? benchDatabase.name : null;
  for (let i = 0; i < startSeconds * 10; i++) {
    try {
      if ((await fetch(`${URL}/health`)).ok) return child;
    } catch {
      await sleep(100);
    }
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not start`);
}

export async function stopServer(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
  if (!process.env.BENCH_PERF_KEEP) {
    rmSync(join(tmpdir(), `perf-${child.pid}.map`), { force: true });
  }
}

/** Closes every client, then waits until the server is idle again (disconnect storms take a while). */
export async function closeAll(workers, server) {
  await Promise.all(workers.map((w) => w.call('close')));
  await collectAll(workers);
  for (let waited = 0; waited < 30_000; waited += 500) {
    const before = cpuMs(server.pid);
    await sleep(500);
    if (cpuMs(server.pid) - before < 25) break; // under 5% of a core
  }
}

/** Node.js flags of the memory scenario's servers: `liveHeap` can force a GC and read the heap. */
export const HEAP_PROBE_ARGS = [
  '--expose-gc',
  `--import=${import.meta.resolve('./heap-probe.mjs')}`,
];

/** The server's heap after full garbage collections (bench/heap-probe.mjs). */
export async function liveHeap(pid) {
  const file = join(tmpdir(), `bench-heap-${pid}.json`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGWINCH');
  for (let waited = 0; waited < 10_000; waited += 50) {
    await sleep(50);
    if (!existsSync(file)) continue;
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // Read while still being written: try again.
    }
  }
  throw new Error(`no heap report from ${pid}`);
}

/**
 * V8 hands the pages a full GC emptied back to the system from a helper
 * thread, just after the collection: RSS is read this long after it.
 */
export const PAGES_RELEASED_MS = 500;
