// `npm run bench -- --instances=N [--quick] [--rounds=R]`: N processes of
// each server sharing one Redis (the plain Socket.IO baseline with the Redis
// streams adapter, the Nest app with REDIS_URL), clients spread round-robin
// over them so every room has members on every instance, and a fan-out ramp.
// Reports aggregate deliveries/s, total server CPU per delivery and Redis
// CPU. Instance i runs on core i mod (cores - 1), the load on the last core
// (`nproc`); on a 2-core machine every instance shares core 0 with the others:
// a functional check, not a scaling figure.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import {
  collectAll,
  cpuMs,
  flag,
  log,
  median,
  percentile,
  pinned,
  startWorkers,
} from './common.mjs';

const INSTANCES = Number(flag('instances'));
const quick = process.argv.includes('--quick');
const ROUNDS = Number(flag('rounds') ?? (quick ? 1 : 3));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BASE_PORT = 3900;
const CORES = availableParallelism();
const LOAD_CORE = CORES - 1;
const WORKERS = 2;
const SCENARIO = quick
  ? { rooms: 10, members: 20, rates: [50, 100, 200], seconds: 2 }
  : {
      rooms: 40,
      members: 100,
      // Up to 120k offered/s: a larger machine finds its peak before the end.
      rates: [25, 50, 100, 150, 200, 300, 400, 600, 800, 1200],
      seconds: 4,
    };
const SCRIPTS = { baseline: 'bench/baseline-server.mjs', nest: 'dist/main.js' };
const START_PROD_FLAGS = ['--max-semi-space-size=8'];

async function redisPid() {
  const redis = new Redis(REDIS_URL);
  try {
    const info = await redis.info('server');
    return Number(/process_id:(\d+)/.exec(info)[1]);
  } finally {
    redis.disconnect();
  }
}

/** N processes of one server, on their own ports and cores, sharing a fresh stream. */
async function startInstances(name, run) {
  const servers = [];
  for (let i = 0; i < INSTANCES; i++) {
    const port = BASE_PORT + i;
    const [command, args] = pinned(
      i % Math.max(1, CORES - 1),
      process.execPath,
      [...(name === 'nest' ? START_PROD_FLAGS : []), SCRIPTS[name]],
    );
    const env = {
      ...process.env,
      PORT: String(port),
      CHAT_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    if (name === 'nest') {
      env.REDIS_URL = REDIS_URL;
      env.CHAT_REDIS_PREFIX = `bench-${run}:`;
    } else {
      env.BASELINE_REDIS_URL = REDIS_URL;
      env.BASELINE_STREAM = `bench-${run}:socket.io`;
    }
    const child = spawn(command, args, {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.url = `http://127.0.0.1:${port}`;
    servers.push(child);
  }
  for (const server of servers) {
    for (let tries = 0; ; tries++) {
      try {
        if ((await fetch(`${server.url}/health`)).ok) break;
      } catch {
        if (tries > 100)
          throw new Error(`${name} at ${server.url} did not start`);
        await sleep(100);
      }
    }
  }
  return servers;
}

async function stopInstances(servers) {
  await Promise.all(
    servers.map((child) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return Promise.race([
        exited,
        sleep(5000).then(() => child.kill('SIGKILL')),
      ]);
    }),
  );
}

/** One step of the ramp: every sender's rate, then what all the instances and Redis spent. */
async function step(servers, redis, workers, rate) {
  const serversCpu = () => servers.reduce((sum, s) => sum + cpuMs(s.pid), 0);
  const before = { servers: serversCpu(), redis: cpuMs(redis) };
  const sent = await Promise.all(
    workers.map((w) =>
      w.call('send', {
        rate: rate / WORKERS,
        seconds: SCENARIO.seconds,
        sendersPerRoom: 1,
      }),
    ),
  );
  const elapsedMs = (SCENARIO.seconds + 0.5) * 1000;
  const serverMs = serversCpu() - before.servers;
  const redisMs = cpuMs(redis) - before.redis;
  const result = await collectAll(workers);
  return {
    rate,
    deliveriesPerSecond:
      sent.reduce((sum, s) => sum + s.windowDeliveries, 0) / SCENARIO.seconds,
    serverCpuUsPerDelivery: (serverMs * 1000) / result.deliveries,
    serversBusy: serverMs / elapsedMs,
    redisBusy: redisMs / elapsedMs,
    ackP99Ms: percentile(result.ackLatencies, 99),
  };
}

/** Deletes what a run left in Redis (its stream, the Nest app's keys). */
async function dropKeys(run) {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = [];
    for await (const batch of redis.scanStream({ match: `bench-${run}:*` })) {
      keys.push(...batch);
    }
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

async function runOnce(name, round, redis, workers) {
  const run = `${name}-${round}-${Date.now()}`;
  const servers = await startInstances(name, run);
  try {
    const rooms = Array.from({ length: SCENARIO.rooms }, (_, r) => r);
    await Promise.all(
      workers.map((w, i) =>
        w.call('connect', {
          urls: servers.map((s) => s.url),
          inFlight: 50,
          rooms: rooms
            .filter((r) => r % WORKERS === i)
            .flatMap((r) =>
              Array.from({ length: SCENARIO.members }, () => `multi${r}`),
            ),
        }),
      ),
    );
    await collectAll(workers);
    await step(servers, redis, workers, SCENARIO.rates[0]); // warm-up
    const steps = [];
    for (const rate of SCENARIO.rates) {
      const measured = await step(servers, redis, workers, rate);
      steps.push(measured);
      log(
        `  ${name} ×${INSTANCES}: ${String(rate * SCENARIO.members).padStart(6)} offered/s → ${measured.deliveriesPerSecond.toFixed(0).padStart(6)} delivered/s, ack p99 ${measured.ackP99Ms.toFixed(1)} ms, servers ${(measured.serversBusy * 100).toFixed(0)}%, Redis ${(measured.redisBusy * 100).toFixed(0)}%`,
      );
      // Past the peak: too slow, or the deliveries no longer keep up.
      const offered = rate * SCENARIO.members;
      if (
        measured.ackP99Ms > 200 ||
        measured.deliveriesPerSecond < 0.9 * offered
      )
        break;
    }
    await Promise.all(workers.map((w) => w.call('close')));
    await collectAll(workers);
    const within = steps.filter((s) => s.ackP99Ms <= 200);
    const peak = within.reduce(
      (best, s) =>
        s.deliveriesPerSecond > (best?.deliveriesPerSecond ?? 0) ? s : best,
      null,
    );
    return {
      peakDeliveriesPerSecond: peak?.deliveriesPerSecond ?? 0,
      // At the busiest step within bounds: the most ticks, the steadiest figure.
      serverCpuUsPerDelivery: peak?.serverCpuUsPerDelivery ?? NaN,
      redisBusyAtPeak: peak?.redisBusy ?? NaN,
      ackP99MsAtPeak: peak?.ackP99Ms ?? NaN,
    };
  } finally {
    await stopInstances(servers);
    await dropKeys(run);
  }
}

export async function instancesBench() {
  log(
    `bench --instances=${INSTANCES}: ${ROUNDS} round(s), ${CORES} cores, instances on cores 0–${Math.max(0, CORES - 2)}, load on core ${LOAD_CORE}, Redis at ${REDIS_URL}${CORES <= 2 ? ' (2 cores: a functional check, not a scaling figure)' : ''}`,
  );
  const redis = await redisPid();
  const workers = startWorkers(WORKERS, LOAD_CORE);
  const results = { baseline: [], nest: [] };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const name of ['baseline', 'nest']) {
        log(`round ${round}/${ROUNDS}: ${name}…`);
        results[name].push(await runOnce(name, round, redis, workers));
      }
    }
  } finally {
    for (const { child } of workers) child.kill();
  }
  log(`\n| figure (${INSTANCES} instances) | baseline | nest | nest/base |`);
  log('| --- | ---: | ---: | ---: |');
  for (const key of Object.keys(results.nest[0])) {
    const base = median(results.baseline.map((r) => r[key]));
    const nest = median(results.nest.map((r) => r[key]));
    log(
      `| ${key} | ${base.toFixed(2)} | ${nest.toFixed(2)} | ${(nest / base).toFixed(2)} |`,
    );
  }
  return results;
}
