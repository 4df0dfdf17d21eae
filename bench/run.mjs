// `npm run bench [-- --quick]`: the Nest app against a plain Socket.IO
// baseline, back to back (A B A B), server pinned to core 0 and the load
// generator to core 1. Prints a table of medians and ratios; writes JSON and
// the fan-out chart (SVG) to bench/results/. Speed is reported, never
// asserted. For levers: --only=memory,connect,latency,fanout, --rounds=N,
// --only=reactions (message:react against message:send, Nest servers only),
// --fanout-rates=250,400, --memory-counts=10000, --latency-rate=3000,
// --servers=baseline,nest,label=path/to/main.js,
// --<server>-node-args="--flag" and --<server>-env=KEY=value (BENCHMARKS.md);
// BENCH_SERVER_STDOUT=1 shows the servers' stdout (e.g. with --trace-gc).
// --durable adds the Nest app with DATABASE_URL (server "durable", on a
// database of its own) and the peak search of acknowledged sends.
// --instances=N runs the multi-process scenario instead (bench/instances.mjs);
// --search, room:search on PostgreSQL over 1,000,000 messages (bench/search.mjs).
// --soak (--soak-minutes=20), the Nest app with Redis and PostgreSQL under
// churn and traffic, sampled every minute; non-zero exit on growth (bench/soak.mjs).
// --inbox, inbox:list and handshakes of signed-in users in 1,000 rooms (bench/inbox.mjs).
// --instructions, instructions per connection under callgrind (bench/instructions.mjs).
// --webhooks adds the Nest app with webhooks to a receiver on this machine
// (server "webhooks"; with --durable also "durable-webhooks", the outbox).
// --perf adds, for the latency scenario, where each server's CPU goes per
// message (Linux perf; bench/perf-window.mjs).
import { flag, log, startWorkers } from './common.mjs';
import {
  ROUNDS,
  runs,
  SCENARIOS,
  SERVER_NAMES,
  withPerf,
  WORKERS,
} from './config.mjs';
import { createBenchDatabase, dropBenchDatabase } from './durable.mjs';
import { checkPerf, removePerfLogs } from './perf-window.mjs';
import { report, reportSetup } from './report.mjs';
import { connectScenario } from './scenarios/connect.mjs';
import { fanoutScenario } from './scenarios/fanout.mjs';
import { latencyScenario } from './scenarios/latency.mjs';
import { memoryScenario } from './scenarios/memory.mjs';
import { peakScenario } from './scenarios/peak.mjs';
import { reactionsScenario } from './scenarios/reactions.mjs';
import { startServer, stopServer, useBenchDatabase } from './servers.mjs';
import { startWebhookReceiver } from './webhook-receiver.mjs';

async function runOnce(name, workers) {
  const figures = {};
  if (runs('memory')) {
    for (const count of SCENARIOS.memory) {
      const { rss, heap, rssCollected, accepted } = await memoryScenario(
        name,
        workers,
        count,
      );
      figures[`bytesPerIdleConnection@${count}`] = rss;
      figures[`liveHeapBytesPerIdleConnection@${count}`] = heap;
      figures[`bytesPerIdleConnectionAfterGc@${count}`] = rssCollected;
      figures[`acceptedConnectionsPerSecond@${count}`] = accepted;
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
    if (runs('reactions') && name !== 'baseline') {
      const reactions = await reactionsScenario(
        server,
        workers,
        SCENARIOS.latency,
      );
      for (const [key, value] of Object.entries(reactions)) {
        figures[`reactions.${key}`] = value;
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

async function main() {
  /** The database of the durable server, once created. */
  let benchDatabase = null;
  if (withPerf) checkPerf();
  reportSetup();
  const receiver = SERVER_NAMES.some((name) => name.endsWith('webhooks'))
    ? await startWebhookReceiver()
    : null;
  if (SERVER_NAMES.some((name) => name.startsWith('durable'))) {
    benchDatabase = await createBenchDatabase();
    useBenchDatabase(benchDatabase);
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
    if (receiver)
      log(`webhook receiver: ${await receiver.close()} requests answered`);
    if (withPerf) removePerfLogs(SERVER_NAMES);
  }
  report(results);
}

if (flag('instances')) {
  const { instancesBench } = await import('./instances.mjs');
  await instancesBench();
} else if (process.argv.includes('--inbox')) {
  const { inboxBench } = await import('./inbox.mjs');
  await inboxBench();
} else if (process.argv.includes('--soak')) {
  const { soakBench } = await import('./soak.mjs');
  await soakBench();
} else if (process.argv.includes('--instructions')) {
  const { instructionsBench } = await import('./instructions.mjs');
  await instructionsBench();
} else if (process.argv.includes('--search')) {
  const { searchBench } = await import('./search.mjs');
  await searchBench();
} else {
  await main();
}
