// The bench's settings: command-line flags, the scenarios' sizes, the
// servers and how each is started (`npm run bench` and BENCHMARKS.md, "Reproduce").
import { readFileSync } from 'node:fs';
import { FD_LIMIT, flag } from './common.mjs';

export const quick = process.argv.includes('--quick');
export const durable = process.argv.includes('--durable');
export const withPerf = process.argv.includes('--perf');
/** Adds the Nest app with webhooks on (and, with --durable, the durable one): bench/webhook-receiver.mjs answers them. */
export const webhooks = process.argv.includes('--webhooks');
export const only = flag('only')?.split(',');
export const ROUNDS = Number(flag('rounds') ?? (quick ? 1 : 2));
export const WORKERS = 2;
export const PORT = 3900;
export const URL = `http://127.0.0.1:${PORT}`;
export const WARM_UP_SECONDS = quick ? 1 : 2;
/**
 * Messages the latency scenario sends before it measures, so both servers
 * are measured in their steady state: every room's history window full
 * (100 each, then one evicted per message) and its ring buffer wrapped
 * once (128 slots), the Nest app's recovery buffer past its first trim
 * (10,000 packets + a tenth) and its event-budget windows (10 s) renewed.
 * Each is a code path first taken there; after a 2 s warm-up V8
 * deoptimised the send path in the middle of the measured window and ran
 * it unoptimised for seconds (BENCHMARKS.md, "Method").
 */
export const STEADY_STATE_MESSAGES = 14_000;
/**
 * Engine.IO's heartbeat (Socket.IO's default `pingInterval`, and the
 * module's): the first pings of clients that connected together come in a
 * burst, with a deoptimisation of their own; the warm-up runs past it.
 */
export const FIRST_PING_SECONDS = 25 + 1;
/** The fan-out step whose server CPU per delivery is the steadiest figure. */
export const FIXED_RATE = 250;

export const SCENARIOS = quick
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
      memory: [2000, 5000, 10000, 50000],
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
export const skippedCounts = SCENARIOS.memory.filter(
  (n) => n + 1000 > FD_LIMIT,
);
SCENARIOS.memory = SCENARIOS.memory.filter((n) => n + 1000 <= FD_LIMIT);
const fanoutRates = flag('fanout-rates')?.split(',').map(Number);
if (fanoutRates) SCENARIOS.fanout.rates = fanoutRates;
/** The latency scenario's send rate (1,000/s by default), e.g. a peak step to profile. */
const latencyRate = flag('latency-rate');
if (latencyRate) SCENARIOS.latency.rate = Number(latencyRate);
/** The peak search runs with --durable, reactions only when --only names them. */
export const runs = (scenario) =>
  only
    ? only.includes(scenario)
    : scenario !== 'reactions' && (scenario !== 'peak' || durable);
/**
 * Servers in the order they run each round; `label=path/to/main.js` adds a
 * variant build of the Nest app (kept under the project so its imports
 * resolve), for measuring a lever side by side.
 */
export const SCRIPTS = {
  baseline: 'bench/baseline-server.mjs',
  nest: 'dist/main.js',
  durable: 'dist/main.js',
  webhooks: 'dist/main.js',
  'durable-webhooks': 'dist/main.js',
  soak: 'dist/main.js',
};
const DEFAULT_SERVERS = [
  'baseline',
  'nest',
  ...(webhooks ? ['webhooks'] : []),
  ...(durable ? ['durable'] : []),
  ...(durable && webhooks ? ['durable-webhooks'] : []),
];
export const SERVER_NAMES = (flag('servers') ?? DEFAULT_SERVERS.join(','))
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
const DEFAULT_NODE_ARGS = Object.fromEntries(
  ['nest', 'durable', 'webhooks', 'durable-webhooks', 'soak'].map((name) => [
    name,
    START_PROD_FLAGS,
  ]),
);
/** Node.js flags per server (`--nest-node-args=…` replaces the default), to measure V8 levers. */
export const nodeArgs = (server) =>
  (flag(`${server}-node-args`) ?? DEFAULT_NODE_ARGS[server] ?? '')
    .split(' ')
    .filter(Boolean);
/** Extra environment per server: `--<server>-env=KEY=value,KEY2=value`. */
export const serverEnv = (server) =>
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
export const SERVER_CORES = flag('server-cores') ?? '0';
