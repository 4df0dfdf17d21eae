// The run's report: a Markdown table of medians and ratios, the JSON and the fan-out chart.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fanoutChart } from './chart.mjs';
import { FD_LIMIT, hasTaskset, log, median } from './common.mjs';
import {
  nodeArgs,
  only,
  quick,
  ROUNDS,
  runs,
  SCENARIOS,
  SCRIPTS,
  SERVER_NAMES,
  serverEnv,
  skippedCounts,
  WORKERS,
} from './config.mjs';

function fmt(n) {
  if (!Number.isFinite(n)) return 'n/a';
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
}

/** The run's first lines: what runs, how, and what is skipped. */
export function reportSetup() {
  log(
    `bench: ${quick ? 'quick' : 'full'}, ${ROUNDS} round(s), ${WORKERS} load workers${hasTaskset ? ', server on core 0, load on core 1' : ' (no taskset: not pinned)'}${only ? `, only ${only.join(', ')}` : ''}`,
  );
  for (const name of SERVER_NAMES) {
    const extras = [...nodeArgs(name), ...Object.keys(serverEnv(name))];
    if (extras.length)
      log(`${name}: ${SCRIPTS[name]} with ${extras.join(' ')}`);
  }
  if (skippedCounts.length && runs('memory')) {
    log(
      `skipping ${skippedCounts.join(', ')} idle connections: at most ${FD_LIMIT} open files here (the hard limit; raising it needs root with CAP_SYS_RESOURCE)`,
    );
  }
}

/** Prints the table of `results` (server → rounds) and writes the run's files. */
export function report(results) {
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
