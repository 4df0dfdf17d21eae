// `npm run bench -- --soak [--soak-minutes=20]`: the Nest app with Redis and
// PostgreSQL under a steady mix for minutes (bench/soak-worker.mjs: churn,
// messages, lost transports and recoveries, kicks, history pages). Once a
// minute it reads the server's live heap after full GCs, RSS, open file
// descriptors, event-loop delay p99 and ack p99. Exits non-zero when the
// live heap or the descriptors grew more than 5% from minute 5 (a quarter
// of a shorter run) to the end, or ack p99 more than doubled. Writes the
// samples as JSON and an SVG chart to bench/results/.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { flag, log, percentile, rssBytes, startWorkers } from './common.mjs';
import { createBenchDatabase, dropBenchDatabase } from './durable.mjs';
import { URL } from './config.mjs';
import {
  HEAP_PROBE_ARGS,
  liveHeap,
  startServer,
  stopServer,
} from './servers.mjs';
import { soakChart } from './soak-chart.mjs';

const MINUTES = Number(flag('soak-minutes') ?? 20);
const SAMPLE_MS = Number(flag('soak-sample-seconds') ?? 60) * 1000;
const ADMIN_TOKEN = 'soak-admin';
/** Growth allowed from the reference sample to the last one. */
const MAX_GROWTH = 0.05;
const MAX_P99_DRIFT = 2;

export async function soakBench() {
  const database = await createBenchDatabase();
  const prefix = `soak-${Date.now().toString(36)}:`;
  log(
    `soak: ${MINUTES} min, Redis ${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'} (${prefix}), PostgreSQL ${database.name}`,
  );
  const server = await startServer('soak', HEAP_PROBE_ARGS, {
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    CHAT_REDIS_PREFIX: prefix,
    DATABASE_URL: database.url,
    ADMIN_TOKEN,
    CHAT_EVENT_RATE_LIMIT: '0',
    CHAT_CONNECTION_RATE_LIMIT: '0',
  });
  const [worker] = startWorkers(1, 1, 'bench/soak-worker.mjs');
  const samples = [];
  try {
    await worker.call('start', {
      url: URL,
      adminToken: ADMIN_TOKEN,
      clients: 300,
      rate: 50,
    });
    const started = Date.now();
    for (let minute = 1; Date.now() - started < MINUTES * 60_000; minute++) {
      await sleep(started + minute * SAMPLE_MS - Date.now());
      const { ackLatencies, counts, connected } = await worker.call('sample');
      const heap = await liveHeap(server.pid);
      const sample = {
        minute,
        liveHeapBytes: heap.heapUsed,
        rssBytes: rssBytes(server.pid),
        openFds: readdirSync(`/proc/${server.pid}/fd`).length,
        eventLoopDelayP99Ms: heap.eventLoopDelayP99Ms,
        ackP99Ms: percentile(ackLatencies, 99),
        acked: ackLatencies.length,
        connected,
        ...counts,
      };
      samples.push(sample);
      log(
        `  min ${String(minute).padStart(2)}: live heap ${(sample.liveHeapBytes / 2 ** 20).toFixed(1)} MB, RSS ${(sample.rssBytes / 2 ** 20).toFixed(0)} MB, fds ${sample.openFds}, loop p99 ${sample.eventLoopDelayP99Ms.toFixed(1)} ms, ack p99 ${sample.ackP99Ms.toFixed(1)} ms (${sample.acked} acked, ${connected} connected; so far ${counts.churned} churned, ${counts.recovered} recovered, ${counts.kicked} kicked, ${counts.pages} pages, ${counts.failed} failed)`,
      );
    }
  } finally {
    await worker.call('stop');
    worker.child.kill();
    await stopServer(server);
    await dropBenchDatabase(database.name);
  }
  const verdict = judge(samples);
  mkdirSync('bench/results', { recursive: true });
  const name = `bench/results/soak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  writeFileSync(
    `${name}.json`,
    JSON.stringify({ minutes: MINUTES, samples, verdict }, null, 2),
  );
  writeFileSync(`${name}.svg`, soakChart(samples));
  log(`JSON: ${name}.json\nchart: ${name}.svg`);
  for (const line of verdict.lines) log(line);
  if (!verdict.passed) process.exitCode = 1;
}

/** Minute 5 (a quarter of a shorter run) against the last minute. */
function judge(samples) {
  const reference = samples[Math.min(4, Math.floor(samples.length / 4))];
  const last = samples[samples.length - 1];
  if (!reference || reference === last) {
    return {
      passed: false,
      lines: ['soak too short to judge (needs 2 samples after the reference)'],
    };
  }
  const growth = (key) => last[key] / reference[key] - 1;
  const checks = [
    ['live heap after GC', growth('liveHeapBytes'), MAX_GROWTH],
    ['open file descriptors', growth('openFds'), MAX_GROWTH],
    ['ack p99', last.ackP99Ms / reference.ackP99Ms, MAX_P99_DRIFT, '×'],
  ];
  const lines = checks.map(([what, value, limit, unit]) => {
    const ok = value <= limit;
    const shown = unit
      ? `${value.toFixed(2)}×`
      : `${(value * 100).toFixed(1)}%`;
    const bound = unit ? `${limit}×` : `${limit * 100}%`;
    return `${ok ? 'ok  ' : 'FAIL'} ${what}: minute ${reference.minute} → ${last.minute}: ${shown} (limit ${bound})`;
  });
  return { passed: lines.every((line) => line.startsWith('ok')), lines };
}
