// `npm run bench [-- --quick]`: the Nest app against a plain Socket.IO
// baseline, back to back (A B A B), server pinned to core 0 and the load
// generator to core 1. Prints a table of medians and ratios; writes JSON and
// the fan-out chart (SVG) to bench/results/. Speed is reported, never
// asserted. For levers: --only=memory,connect,latency,fanout, --rounds=N,
// --fanout-rates=250,400, --memory-counts=10000,
// --servers=baseline,nest,label=path/to/main.js,
// --<server>-node-args="--flag" and --<server>-env=KEY=value (BENCHMARKS.md);
// BENCH_SERVER_STDOUT=1 shows the servers' stdout (e.g. with --trace-gc).
// --durable adds the Nest app with DATABASE_URL (server "durable", on a
// database of its own) and the peak search of acknowledged sends.
// --instances=N runs the multi-process scenario instead (bench/instances.mjs).
// --perf adds, for the latency scenario, where each server's CPU goes per
// message (Linux perf; bench/perf-window.mjs).
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fanoutChart } from './chart.mjs';
import {
  CLK_TCK,
  collectAll,
  cpuMs,
  flag,
  hasTaskset,
  log,
  median,
  percentile,
  pinned,
  rssBytes,
  startWorkers,
} from './common.mjs';
import {
  categorize,
  checkPerf,
  PERF_FOLDER,
  perfNodeArgs,
  recordWindow,
  removePerfLogs,
} from './perf-window.mjs';
import {
  createBenchDatabase,
  dropBenchDatabase,
  postgresCpuMs,
  postgresCpuSince,
  transactions,
} from './durable.mjs';

const quick = process.argv.includes('--quick');
const durable = process.argv.includes('--durable');
const withPerf = process.argv.includes('--perf');
const only = flag('only')?.split(',');
/** The database of the durable server, once created. */
let benchDatabase = null;
const ROUNDS = Number(flag('rounds') ?? (quick ? 1 : 2));
const WORKERS = 2;
const PORT = 3900;
const URL = `http://127.0.0.1:${PORT}`;
const WARM_UP_SECONDS = quick ? 1 : 2;
/**
 * Messages the latency scenario sends before it measures, so both servers
 * are measured in their steady state: every room's history window full
 * (100 each, then one evicted per message) and its ring buffer wrapped
 * once (128 slots), the Nest app's recovery buffer past its first trim
 * (10,000 packets + a tenth) and its event-budget windows (10 s) renewed.
 * Each is a code path first taken there; after a 2 s warm-up V8
 * deoptimised the send path in the middle of the measured window and ran
 * it unoptimised for seconds (BENCHMARKS.md, "Steady state").
 */
const STEADY_STATE_MESSAGES = 14_000;
/**
 * Engine.IO's heartbeat (Socket.IO's default `pingInterval`, and the
 * module's): the first pings of clients that connected together come in a
 * burst, with a deoptimisation of their own; the warm-up runs past it.
 */
const FIRST_PING_SECONDS = 25 + 1;
/** The fan-out step whose server CPU per delivery is the steadiest figure. */
const FIXED_RATE = 250;

const SCENARIOS = quick
  ? {
      memory: [1000],
      connect: 500,
      latency: { rooms: 20, members: 10, rate: 500, seconds: 4 },
      fanout: {
        rooms: 10,
        members: 50,
        sendersPerRoom: 10,
        rates: [100, FIXED_RATE, 500, 800],
        seconds: 2,
      },
      peak: { rooms: 20, members: 10, rates: [500, 1000], seconds: 2 },
    }
  : {
      memory: [2000, 5000, 10000],
      connect: 2000,
      latency: { rooms: 100, members: 10, rate: 1000, seconds: 10 },
      fanout: {
        rooms: 10,
        members: 100,
        sendersPerRoom: 10,
        rates: [
          100,
          FIXED_RATE,
          400,
          500,
          550,
          600,
          650,
          700,
          750,
          800,
          900,
          1000,
          1200,
        ],
        seconds: 4,
      },
      peak: {
        rooms: 100,
        members: 10,
        rates: [1000, 2000, 3000, 4000, 5000, 6000, 8000],
        seconds: 5,
      },
    };
// Each idle client is a file descriptor in the server and in a worker.
const memoryCounts = flag('memory-counts')?.split(',').map(Number);
if (memoryCounts) SCENARIOS.memory = memoryCounts;
const FD_LIMIT = Number(execFileSync('sh', ['-c', 'ulimit -n']).toString());
const skippedCounts = SCENARIOS.memory.filter((n) => n + 1000 > FD_LIMIT);
SCENARIOS.memory = SCENARIOS.memory.filter((n) => n + 1000 <= FD_LIMIT);
const fanoutRates = flag('fanout-rates')?.split(',').map(Number);
if (fanoutRates) SCENARIOS.fanout.rates = fanoutRates;
/** The peak search runs with --durable (or when --only names it). */
const runs = (scenario) =>
  only ? only.includes(scenario) : scenario !== 'peak' || durable;
/**
 * Servers in the order they run each round; `label=path/to/main.js` adds a
 * variant build of the Nest app (kept under the project so its imports
 * resolve), for measuring a lever side by side.
 */
const SCRIPTS = {
  baseline: 'bench/baseline-server.mjs',
  nest: 'dist/main.js',
  durable: 'dist/main.js',
};
const SERVER_NAMES = (
  flag('servers') ?? `baseline,nest${durable ? ',durable' : ''}`
)
  .split(',')
  .map((entry) => {
    const [name, script] = entry.split('=');
    if (script) SCRIPTS[name] = script;
    return name;
  });

/**
 * The Nest app runs as `npm run start:prod` does: that script's Node.js
 * flags (`node <flags> dist/main.js`) are the Nest app's default here.
 */
const START_PROD_FLAGS = JSON.parse(readFileSync('package.json', 'utf8'))
  .scripts['start:prod'].split(' ')
  .slice(1, -1)
  .join(' ');
const DEFAULT_NODE_ARGS = { nest: START_PROD_FLAGS, durable: START_PROD_FLAGS };
/** Node.js flags per server (`--nest-node-args=…` replaces the default), to measure V8 levers. */
const nodeArgs = (server) =>
  (flag(`${server}-node-args`) ?? DEFAULT_NODE_ARGS[server] ?? '')
    .split(' ')
    .filter(Boolean);
/** Extra environment per server: `--<server>-env=KEY=value,KEY2=value`. */
const serverEnv = (server) =>
  Object.fromEntries(
    (flag(`${server}-env`) ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => [
        pair.slice(0, pair.indexOf('=')),
        pair.slice(pair.indexOf('=') + 1),
      ]),
  );

/**
 * The server's cores: 0, or `--server-cores=0,1` for a CPU profile (pinned
 * to one busy core, V8's sampling thread waits for the main thread and the
 * profile misses most of the busy time).
 */
const SERVER_CORES = flag('server-cores') ?? '0';

/** `extraArgs`: Node.js flags for this start only (the memory scenario's heap probe). */
async function startServer(name, extraArgs = []) {
  const [command, args] = pinned(SERVER_CORES, process.execPath, [
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
  if (name === 'durable') env.DATABASE_URL = benchDatabase.url;
  Object.assign(env, serverEnv(name));
  const child = spawn(command, args, {
    env,
    ...(withPerf ? { cwd: PERF_FOLDER } : {}),
    stdio: [
      'ignore',
      process.env.BENCH_SERVER_STDOUT ? 'inherit' : 'ignore',
      'inherit',
    ],
  });
  child.database = name === 'durable' ? benchDatabase.name : null;
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
  if (!process.env.BENCH_PERF_KEEP) {
    rmSync(join(tmpdir(), `perf-${child.pid}.map`), { force: true });
  }
}

/** Whole rooms per worker, so each room's sender and members share a process. */
function roomAssignments(rooms, members, prefix) {
  return Array.from({ length: WORKERS }, (_, w) =>
    Array.from({ length: rooms }, (_, r) => r)
      .filter((r) => r % WORKERS === w)
      .flatMap((r) => Array.from({ length: members }, () => `${prefix}${r}`)),
  );
}

/** Closes every client, then waits until the server is idle again (disconnect storms take a while). */
async function closeAll(workers, server) {
  await Promise.all(workers.map((w) => w.call('close')));
  await collectAll(workers);
  for (let waited = 0; waited < 30_000; waited += 500) {
    const before = cpuMs(server.pid);
    await sleep(500);
    if (cpuMs(server.pid) - before < 25) break; // under 5% of a core
  }
}

/** Node.js flags of the memory scenario's servers: `liveHeap` can force a GC and read the heap. */
const HEAP_PROBE_ARGS = [
  '--expose-gc',
  `--import=${import.meta.resolve('./heap-probe.mjs')}`,
];

/** The server's heap after full garbage collections (bench/heap-probe.mjs). */
async function liveHeap(pid) {
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
const PAGES_RELEASED_MS = 500;

/**
 * On a fresh server each time, so every count starts from the same heap.
 * Per idle connection: RSS growth 2 s after the connections (the storm's
 * garbage included, as much as V8 has not collected yet: it depends on how
 * fast the storm came), the live heap (plus external and array buffers)
 * after a forced full GC, which young-generation sizing does not move, and
 * RSS growth once that GC's pages are released (what the idle connections
 * hold, the storm's garbage gone).
 */
async function memoryScenario(name, workers, count) {
  const server = await startServer(name, HEAP_PROBE_ARGS);
  await sleep(1000);
  const before = rssBytes(server.pid);
  const heapBefore = await liveHeap(server.pid);
  await sleep(PAGES_RELEASED_MS);
  const collectedBefore = rssBytes(server.pid);
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
  const connections = perWorker * WORKERS;
  const rss = (rssBytes(server.pid) - before) / connections;
  const heapAfter = await liveHeap(server.pid);
  const live = (usage) => usage.heapUsed + usage.external;
  const heap = (live(heapAfter) - live(heapBefore)) / connections;
  await sleep(PAGES_RELEASED_MS);
  const rssCollected = (rssBytes(server.pid) - collectedBefore) / connections;
  await closeAll(workers, server);
  await stopServer(server);
  return { rss, heap, rssCollected };
}

async function connectScenario(server, workers, count) {
  const perWorker = Math.ceil(count / WORKERS);
  const started = performance.now();
  const cpuBefore = cpuMs(server.pid);
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
  const serverMs = cpuMs(server.pid) - cpuBefore;
  const { handshakes } = await collectAll(workers);
  await closeAll(workers, server);
  return {
    connectionsPerSecond: (perWorker * WORKERS) / seconds,
    // Steadier than the rate on a shared machine, like CPU per delivery.
    cpuUsPerConnection: (serverMs * 1000) / (perWorker * WORKERS),
    handshakeP99Ms: percentile(handshakes, 99),
  };
}

async function connectRooms(workers, { rooms, members }, prefix) {
  const assignments = roomAssignments(rooms, members, prefix);
  await Promise.all(
    workers.map((w, i) =>
      w.call('connect', { url: URL, inFlight: 50, rooms: assignments[i] }),
    ),
  );
  await collectAll(workers);
}

/** Sends at one rate; server and load-generator CPU over the window. */
async function sendStep(
  server,
  workers,
  { members, rate, seconds, sendersPerRoom, perf = false },
) {
  const sumCpu = () => workers.reduce((sum, w) => sum + cpuMs(w.child.pid), 0);
  const serverBefore = cpuMs(server.pid);
  // The main thread alone: the event loop, without V8's GC and compiler threads.
  const mainBefore = cpuMs(server.pid, server.pid);
  const loadBefore = sumCpu();
  const dbCpuBefore = server.database ? postgresCpuMs(CLK_TCK) : null;
  const dbBefore = server.database ? await transactions(server.database) : 0;
  const recording = perf ? recordWindow(server.pid, seconds) : null;
  const sent = await Promise.all(
    workers.map((w) =>
      w.call('send', { rate: rate / WORKERS, seconds, sendersPerRoom }),
    ),
  );
  const elapsedMs = (seconds + 0.5) * 1000;
  const serverCpu = cpuMs(server.pid) - serverBefore;
  const mainCpu = cpuMs(server.pid, server.pid) - mainBefore;
  const loadCpu = sumCpu() - loadBefore;
  const dbCpu = server.database ? postgresCpuSince(dbCpuBefore, CLK_TCK) : NaN;
  const result = await collectAll(workers);
  const acked = result.ackLatencies.length;
  const perfFile = await recording;
  const roundTrips = server.database
    ? (await transactions(server.database)) - dbBefore
    : NaN;
  return {
    offeredPerSecond: rate * members,
    ackedPerSecond: acked / seconds,
    dbBusy: dbCpu / elapsedMs,
    dbRoundTripsPerMessage: roundTrips / acked,
    deliveriesPerSecond:
      sent.reduce((sum, s) => sum + s.windowDeliveries, 0) / seconds,
    cpuUsPerDelivery: (serverCpu * 1000) / result.deliveries,
    mainThreadUsPerDelivery: (mainCpu * 1000) / result.deliveries,
    serverBusy: serverCpu / elapsedMs,
    loadBusy: loadCpu / elapsedMs,
    ackP50Ms: percentile(result.ackLatencies, 50),
    ackP90Ms: percentile(result.ackLatencies, 90),
    ackP99Ms: percentile(result.ackLatencies, 99),
    deliveryP50Ms: percentile(result.deliveryLatencies, 50),
    deliveryP99Ms: percentile(result.deliveryLatencies, 99),
    perf: perfFile ? categorize(perfFile, server.pid, acked) : null,
  };
}

/** Unmeasured traffic first, so both servers are measured warm (JIT, pools). */
async function warmUp(
  server,
  workers,
  scenario,
  rate,
  sendersPerRoom,
  seconds = WARM_UP_SECONDS,
) {
  await sendStep(server, workers, {
    ...scenario,
    rate,
    seconds,
    sendersPerRoom,
  });
}

async function latencyScenario(server, workers, latency) {
  const connectedFrom = Date.now();
  await connectRooms(workers, latency, 'lat');
  const sinceConnect = (Date.now() - connectedFrom) / 1000;
  const steady = quick
    ? WARM_UP_SECONDS
    : Math.ceil(
        Math.max(
          STEADY_STATE_MESSAGES / latency.rate,
          FIRST_PING_SECONDS - sinceConnect,
        ),
      );
  await warmUp(server, workers, latency, latency.rate, 1, steady);
  const step = await sendStep(server, workers, {
    ...latency,
    sendersPerRoom: 1,
    perf: withPerf,
  });
  await closeAll(workers, server);
  return step;
}

/**
 * Raises the offered rate until deliveries/s stop rising or ack p99 passes
 * 200 ms; the peak is the best step within that bound.
 */
async function fanoutScenario(server, workers, fanout) {
  await connectRooms(workers, fanout, 'fan');
  await warmUp(server, workers, fanout, fanout.rates[0], fanout.sendersPerRoom);
  const steps = [];
  for (const rate of fanout.rates) {
    const step = await sendStep(server, workers, { ...fanout, rate });
    steps.push({ rate, ...step });
    log(
      `  ${String(step.offeredPerSecond).padStart(7)} offered/s → ${step.deliveriesPerSecond.toFixed(0).padStart(7)} delivered/s, ack p99 ${step.ackP99Ms.toFixed(1)} ms, server ${(step.serverBusy * 100).toFixed(0)}%, load ${(step.loadBusy * 100).toFixed(0)}%`,
    );
    const best = Math.max(
      ...steps.slice(0, -1).map((s) => s.deliveriesPerSecond),
    );
    // The fixed-rate step always runs: its CPU per delivery is the figure to compare.
    const pastFixed = rate >= FIXED_RATE;
    if (pastFixed && (step.ackP99Ms > 200 || step.deliveriesPerSecond < best))
      break;
  }
  await closeAll(workers, server);
  const fixed = steps.find((s) => s.rate === FIXED_RATE) ?? steps[0];
  const within = steps.filter((s) => s.ackP99Ms <= 200);
  return {
    figures: {
      peakDeliveriesPerSecond: Math.max(
        0,
        ...within.map((s) => s.deliveriesPerSecond),
      ),
      [`cpuUsPerDeliveryAt${fixed.offeredPerSecond}`]: fixed.cpuUsPerDelivery,
      [`mainThreadUsPerDeliveryAt${fixed.offeredPerSecond}`]:
        fixed.mainThreadUsPerDelivery,
      ackP50Ms: fixed.ackP50Ms,
      ackP99Ms: fixed.ackP99Ms,
      deliveryP50Ms: fixed.deliveryP50Ms,
      deliveryP99Ms: fixed.deliveryP99Ms,
    },
    steps,
  };
}

/**
 * Rooms of 10, one sender each: raises the send rate until the acked rate
 * falls below 90% of it or ack p99 passes 200 ms; the peak is the most
 * acknowledged sends per second within that bound.
 */
async function peakScenario(server, workers, peak) {
  await connectRooms(workers, peak, 'peak');
  await warmUp(server, workers, peak, peak.rates[0], 1);
  let best = null;
  for (const rate of peak.rates) {
    const step = await sendStep(server, workers, {
      ...peak,
      rate,
      sendersPerRoom: 1,
    });
    log(
      `  ${String(rate).padStart(6)} sends/s → ${step.ackedPerSecond.toFixed(0).padStart(6)} acked/s, ack p99 ${step.ackP99Ms.toFixed(1)} ms, server ${(step.serverBusy * 100).toFixed(0)}%${server.database ? `, PostgreSQL ${(step.dbBusy * 100).toFixed(0)}%, ${step.dbRoundTripsPerMessage.toFixed(3)} round trips/message` : ''}`,
    );
    if (step.ackP99Ms > 200 || step.ackedPerSecond < 0.9 * rate) break;
    best = step;
  }
  await closeAll(workers, server);
  return {
    ackedSendsPerSecond: best?.ackedPerSecond ?? 0,
    ackP99Ms: best?.ackP99Ms ?? NaN,
    dbBusy: best?.dbBusy ?? NaN,
    dbRoundTripsPerMessage: best?.dbRoundTripsPerMessage ?? NaN,
  };
}

async function runOnce(name, workers) {
  const figures = {};
  if (runs('memory')) {
    for (const count of SCENARIOS.memory) {
      const { rss, heap, rssCollected } = await memoryScenario(
        name,
        workers,
        count,
      );
      figures[`bytesPerIdleConnection@${count}`] = rss;
      figures[`liveHeapBytesPerIdleConnection@${count}`] = heap;
      figures[`bytesPerIdleConnectionAfterGc@${count}`] = rssCollected;
    }
  }
  const server = await startServer(name);
  let steps = [];
  try {
    if (runs('connect')) {
      Object.assign(
        figures,
        await connectScenario(server, workers, SCENARIOS.connect),
      );
    }
    if (runs('latency')) {
      const latency = await latencyScenario(server, workers, SCENARIOS.latency);
      for (const key of [
        'cpuUsPerDelivery',
        'mainThreadUsPerDelivery',
        'ackP50Ms',
        'ackP90Ms',
        'ackP99Ms',
        'deliveryP50Ms',
        'deliveryP99Ms',
        'dbBusy',
        'dbRoundTripsPerMessage',
      ]) {
        figures[`latency.${key}`] = latency[key];
      }
      for (const [category, us] of Object.entries(latency.perf ?? {})) {
        figures[`latency.perf.${category}UsPerMessage`] = us;
      }
    }
    if (runs('peak')) {
      const peak = await peakScenario(server, workers, SCENARIOS.peak);
      for (const [key, value] of Object.entries(peak)) {
        figures[`peak.${key}`] = value;
      }
    }
    if (runs('fanout')) {
      const fanout = await fanoutScenario(server, workers, SCENARIOS.fanout);
      for (const [key, value] of Object.entries(fanout.figures)) {
        figures[`fanout.${key}`] = value;
      }
      steps = fanout.steps;
    }
    return { figures, steps };
  } finally {
    await stopServer(server);
  }
}

function fmt(n) {
  if (!Number.isFinite(n)) return 'n/a';
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
}

async function main() {
  if (withPerf) checkPerf();
  log(
    `bench: ${quick ? 'quick' : 'full'}, ${ROUNDS} round(s), ${WORKERS} load workers${hasTaskset ? ', server on core 0, load on core 1' : ' (no taskset: not pinned)'}${only ? `, only ${only.join(', ')}` : ''}`,
  );
  for (const name of SERVER_NAMES) {
    const extras = [...nodeArgs(name), ...Object.keys(serverEnv(name))];
    if (extras.length)
      log(`${name}: ${SCRIPTS[name]} with ${extras.join(' ')}`);
  }
  if (skippedCounts.length) {
    log(
      `skipping ${skippedCounts.join(', ')} idle connections: ulimit -n is ${FD_LIMIT} (raise it to run them)`,
    );
  }
  if (SERVER_NAMES.includes('durable')) {
    benchDatabase = await createBenchDatabase();
    log(`durable: DATABASE_URL on ${benchDatabase.name} (dropped at the end)`);
  }
  const workers = startWorkers(WORKERS, 1);
  const results = Object.fromEntries(SERVER_NAMES.map((name) => [name, []]));
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const name of SERVER_NAMES) {
        log(`round ${round}/${ROUNDS}: ${name}…`);
        results[name].push(await runOnce(name, workers));
      }
    }
  } finally {
    for (const { child } of workers) child.kill();
    if (benchDatabase) await dropBenchDatabase(benchDatabase.name);
    if (withPerf) removePerfLogs(SERVER_NAMES);
  }
  const others = SERVER_NAMES.filter((name) => name !== 'baseline');
  const keys = [
    ...new Set(
      SERVER_NAMES.flatMap((name) => Object.keys(results[name][0].figures)),
    ),
  ];
  // The durable app is compared with the in-memory one too.
  const durableVsNest =
    SERVER_NAMES.includes('durable') && SERVER_NAMES.includes('nest');
  const rows = keys.map((key) => {
    const medians = Object.fromEntries(
      SERVER_NAMES.map((name) => [
        name,
        median(results[name].map((r) => r.figures[key])),
      ]),
    );
    const ratios = Object.fromEntries(
      others.map((name) => [name, medians[name] / medians.baseline]),
    );
    if (durableVsNest) ratios['durable/nest'] = medians.durable / medians.nest;
    // Each round's ratio to the baseline's round just before it: the
    // machine's speed drifts between rounds, and pairing cancels most of it.
    const paired = Object.fromEntries(
      others.map((name) => [
        name,
        results.baseline
          ? median(
              results[name].map(
                (r, i) => r.figures[key] / results.baseline[i].figures[key],
              ),
            )
          : NaN,
      ]),
    );
    return { figure: key, medians, ratios, paired };
  });
  const ratioNames = [...others, ...(durableVsNest ? ['durable/nest'] : [])];
  log(
    `\n| figure | ${SERVER_NAMES.join(' | ')} | ${ratioNames.map((n) => (n.includes('/') ? n : `${n}/base`)).join(' | ')} | ${others.map((n) => `${n}/base paired`).join(' | ')} |`,
  );
  log(
    `| --- |${' ---: |'.repeat(SERVER_NAMES.length + ratioNames.length + others.length)}`,
  );
  for (const { figure, medians, ratios, paired } of rows) {
    const cells = [
      ...SERVER_NAMES.map((n) => fmt(medians[n])),
      ...ratioNames.map((n) => fmt(ratios[n])),
      ...others.map((n) => fmt(paired[n])),
    ];
    log(`| ${figure} | ${cells.join(' | ')} |`);
  }
  mkdirSync('bench/results', { recursive: true });
  const stamp = `bench/results/${new Date().toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}`;
  writeFileSync(
    `${stamp}.json`,
    JSON.stringify(
      {
        quick,
        only,
        servers: Object.fromEntries(
          SERVER_NAMES.map((name) => [
            name,
            {
              script: SCRIPTS[name],
              nodeArgs: nodeArgs(name),
              env: serverEnv(name),
            },
          ]),
        ),
        rounds: ROUNDS,
        scenarios: SCENARIOS,
        results,
        rows,
      },
      null,
      2,
    ),
  );
  log(`\nJSON: ${stamp}.json`);
  if (runs('fanout')) {
    const svg = fanoutChart(
      Object.fromEntries(
        SERVER_NAMES.map((name) => [name, results[name].map((r) => r.steps)]),
      ),
    );
    writeFileSync(`${stamp}-fanout.svg`, svg);
    log(`chart: ${stamp}-fanout.svg`);
  }
}

if (flag('instances')) {
  const { instancesBench } = await import('./instances.mjs');
  await instancesBench();
} else {
  await main();
}
