// `npm run bench [-- --quick]`: the Nest app against a plain Socket.IO
// baseline, back to back (A B A B), server pinned to core 0 and the load
// generator to core 1. Prints a table of medians and ratios; writes JSON to
// bench/results/. Speed is reported, never asserted.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 2;
const WORKERS = 2;
const PORT = 3900;
const URL = `http://127.0.0.1:${PORT}`;
const CLK_TCK =
  Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const hasTaskset = spawnSync('taskset', ['-V']).status === 0;

const SCENARIOS = quick
  ? {
      memory: [1000],
      connect: 500,
      latency: { rooms: 20, members: 10, rate: 500, seconds: 4 },
      fanout: { rooms: 10, members: 50, rate: 100, seconds: 4 },
    }
  : {
      memory: [2000, 5000],
      connect: 2000,
      latency: { rooms: 100, members: 10, rate: 1000, seconds: 10 },
      fanout: { rooms: 10, members: 100, rate: 250, seconds: 10 },
    };

const SERVERS = {
  baseline: ['bench/baseline-server.mjs'],
  nest: ['dist/main.js'],
};

const pinned = (core, command, args) =>
  hasTaskset
    ? ['taskset', ['-c', String(core), command, ...args]]
    : [command, args];

const log = (line) => process.stdout.write(`${line}\n`);

function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .split(') ')[1]
    .split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

function rssBytes(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) * 1024;
}

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

const median = (values) => percentile(values, 50);

async function startServer(name) {
  const [command, args] = pinned(0, process.execPath, SERVERS[name]);
  const env = {
    ...process.env,
    PORT: String(PORT),
    CHAT_RATE_LIMIT: '0',
    LOG_LEVEL: 'warn',
  };
  delete env.REDIS_URL; // one process, in memory, like the baseline
  const child = spawn(command, args, {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${URL}/health`)).ok) return child;
    } catch {
      await sleep(100);
    }
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not start`);
}

async function stopServer(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
}

function startWorkers() {
  return Array.from({ length: WORKERS }, () => {
    const [command, args] = pinned(1, process.execPath, [
      'bench/load-worker.mjs',
    ]);
    const child = spawn(command, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let nextId = 0;
    const pending = new Map();
    child.on('message', ({ id, result, error }) => {
      const { resolve, reject } = pending.get(id);
      pending.delete(id);
      if (error) reject(new Error(error));
      else resolve(result);
    });
    return {
      child,
      call(command, args = {}) {
        const id = nextId++;
        return new Promise((resolve, reject) => {
          pending.set(id, { resolve, reject });
          child.send({ id, command, args });
        });
      },
    };
  });
}

/** Whole rooms per worker, so each room's sender and members share a process. */
function roomAssignments(rooms, members, prefix) {
  return Array.from({ length: WORKERS }, (_, w) =>
    Array.from({ length: rooms }, (_, r) => r)
      .filter((r) => r % WORKERS === w)
      .flatMap((r) => Array.from({ length: members }, () => `${prefix}${r}`)),
  );
}

async function collectAll(workers) {
  const parts = await Promise.all(workers.map((w) => w.call('collect')));
  return {
    deliveries: parts.reduce((sum, p) => sum + p.deliveries, 0),
    deliveryLatencies: parts.flatMap((p) => p.deliveryLatencies),
    ackLatencies: parts.flatMap((p) => p.ackLatencies),
    handshakes: parts.flatMap((p) => p.handshakes),
  };
}

async function closeAll(workers) {
  await Promise.all(workers.map((w) => w.call('close')));
  await collectAll(workers);
  await sleep(1000);
}

async function memoryScenario(server, workers, count) {
  const before = rssBytes(server.pid);
  const perWorker = Math.ceil(count / WORKERS);
  await Promise.all(
    workers.map((w, i) =>
      w.call('connect', {
        url: URL,
        inFlight: 100,
        rooms: Array.from(
          { length: perWorker },
          (_, k) => `idle${(i * perWorker + k) % Math.ceil(count / 100)}`,
        ),
      }),
    ),
  );
  await sleep(2000);
  const bytes = (rssBytes(server.pid) - before) / (perWorker * WORKERS);
  await closeAll(workers);
  return bytes;
}

async function connectScenario(workers, count) {
  const perWorker = Math.ceil(count / WORKERS);
  const started = performance.now();
  await Promise.all(
    workers.map((w) =>
      w.call('connect', {
        url: URL,
        inFlight: 100 / WORKERS,
        rooms: Array.from({ length: perWorker }, () => null),
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const { handshakes } = await collectAll(workers);
  await closeAll(workers);
  return {
    connectionsPerSecond: (perWorker * WORKERS) / seconds,
    handshakeP99Ms: percentile(handshakes, 99),
  };
}

async function trafficScenario(
  server,
  workers,
  { rooms, members, rate, seconds },
  prefix,
) {
  const assignments = roomAssignments(rooms, members, prefix);
  await Promise.all(
    workers.map((w, i) =>
      w.call('connect', { url: URL, inFlight: 50, rooms: assignments[i] }),
    ),
  );
  await collectAll(workers);
  const cpuBefore = cpuMs(server.pid);
  await Promise.all(
    workers.map((w, i) =>
      w.call('send', {
        rate: rate / WORKERS,
        seconds,
        senders:
          Math.ceil(rooms / WORKERS) -
          (i >= rooms % WORKERS && rooms % WORKERS ? 1 : 0),
      }),
    ),
  );
  const cpu = cpuMs(server.pid) - cpuBefore;
  const result = await collectAll(workers);
  await closeAll(workers);
  return {
    deliveriesPerSecond: result.deliveries / seconds,
    cpuUsPerDelivery: (cpu * 1000) / result.deliveries,
    ackP50Ms: percentile(result.ackLatencies, 50),
    ackP90Ms: percentile(result.ackLatencies, 90),
    ackP99Ms: percentile(result.ackLatencies, 99),
    deliveryP50Ms: percentile(result.deliveryLatencies, 50),
    deliveryP99Ms: percentile(result.deliveryLatencies, 99),
  };
}

async function runOnce(name, workers) {
  const server = await startServer(name);
  try {
    const figures = {};
    for (const count of SCENARIOS.memory) {
      figures[`bytesPerIdleConnection@${count}`] = await memoryScenario(
        server,
        workers,
        count,
      );
    }
    Object.assign(figures, await connectScenario(workers, SCENARIOS.connect));
    for (const [name, prefix] of [
      ['latency', 'lat'],
      ['fanout', 'fan'],
    ]) {
      const traffic = await trafficScenario(
        server,
        workers,
        SCENARIOS[name],
        prefix,
      );
      for (const [key, value] of Object.entries(traffic)) {
        figures[`${name}.${key}`] = value;
      }
    }
    return figures;
  } finally {
    await stopServer(server);
  }
}

async function main() {
  log(
    `bench: ${quick ? 'quick' : 'full'}, ${ROUNDS} round(s), ${WORKERS} load workers${hasTaskset ? ', server on core 0, load on core 1' : ' (no taskset: not pinned)'}`,
  );
  const workers = startWorkers();
  const runs = { baseline: [], nest: [] };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const name of ['baseline', 'nest']) {
        log(`round ${round}/${ROUNDS}: ${name}…`);
        runs[name].push(await runOnce(name, workers));
      }
    }
  } finally {
    for (const { child } of workers) child.kill();
  }
  const keys = Object.keys(runs.baseline[0]);
  const rows = keys.map((key) => {
    const baseline = median(runs.baseline.map((r) => r[key]));
    const nest = median(runs.nest.map((r) => r[key]));
    return { figure: key, baseline, nest, ratio: nest / baseline };
  });
  const fmt = (n) =>
    Number.isFinite(n)
      ? Math.abs(n) >= 100
        ? n.toFixed(0)
        : n.toFixed(2)
      : 'n/a';
  log('');
  log(
    `${'figure'.padEnd(34)} ${'baseline'.padStart(12)} ${'nest'.padStart(12)} ${'nest/base'.padStart(10)}`,
  );
  for (const row of rows) {
    log(
      `${row.figure.padEnd(34)} ${fmt(row.baseline).padStart(12)} ${fmt(row.nest).padStart(12)} ${fmt(row.ratio).padStart(10)}`,
    );
  }
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`;
  writeFileSync(
    file,
    JSON.stringify(
      { quick, rounds: ROUNDS, scenarios: SCENARIOS, runs, rows },
      null,
      2,
    ),
  );
  log(`\nJSON: ${file}`);
}

await main();
