// `npm run bench -- --instructions` (`--instructions-connections=N`,
// default 1,000; `--rounds=N`, default 2): instructions per connection of
// a handshake storm, each server run under valgrind's callgrind, which
// counts instructions (every thread) rather than seconds. On these shared
// machines CPU seconds per connection spread ±30 % between rounds, too
// much for a 5 % target; an instruction count repeats. The server runs
// some 50× slower, so the storm is small, its handshakes few at a time,
// and it follows a warm-up storm (the first connections compile the code).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flag, log, median, startWorkers } from './common.mjs';
import { ROUNDS, SERVER_NAMES, URL, WORKERS } from './config.mjs';
import { closeAll, startServer, stopServer } from './servers.mjs';

const CONNECTIONS = Number(flag('instructions-connections') ?? 1000);
const WARM_UP = 200;

/** Opens `count` idle clients over the workers, a few handshakes at a time. */
const storm = (workers, count) =>
  Promise.all(
    workers.map((w) =>
      w.call('connect', {
        url: URL,
        inFlight: 5,
        rooms: Array.from({ length: Math.ceil(count / WORKERS) }, () => null),
      }),
    ),
  );

/** The instructions callgrind counted in its newest dump of `prefix`. */
function dumpedInstructions(prefix) {
  const folder = tmpdir();
  const newest = readdirSync(folder)
    .filter((file) => file.startsWith(`${prefix}.`))
    .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()))
    .pop();
  const text = readFileSync(join(folder, newest), 'utf8');
  return Number(/^(?:totals|summary): (\d+)/m.exec(text)[1]);
}

async function measure(name, workers) {
  const prefix = `bench-callgrind-${name}-${process.pid}`;
  const server = await startServer(
    name,
    [],
    {},
    {
      wrapper: [
        'valgrind',
        '--tool=callgrind',
        '--quiet',
        '--smc-check=all-non-file', // V8 writes the code it runs
        `--callgrind-out-file=${join(tmpdir(), prefix)}`,
      ],
      startSeconds: 300,
    },
  );
  try {
    await storm(workers, WARM_UP);
    await closeAll(workers, server);
    const control = (command) =>
      execFileSync('callgrind_control', [command, String(server.pid)], {
        stdio: 'ignore',
      });
    control('--zero');
    await storm(workers, CONNECTIONS);
    control('--dump');
    await closeAll(workers, server);
    return dumpedInstructions(prefix) / CONNECTIONS;
  } finally {
    await stopServer(server);
    // BENCH_CALLGRIND_KEEP=1 keeps the dumps for `callgrind_annotate`.
    for (const file of readdirSync(tmpdir()))
      if (file.startsWith(prefix) && !process.env.BENCH_CALLGRIND_KEEP)
        rmSync(join(tmpdir(), file));
  }
}

export async function instructionsBench() {
  log(
    `instructions per connection: ${CONNECTIONS} handshakes after ${WARM_UP}, under callgrind, ${ROUNDS} round(s)`,
  );
  const workers = startWorkers(WORKERS, 1);
  const results = Object.fromEntries(SERVER_NAMES.map((name) => [name, []]));
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const name of SERVER_NAMES) {
        results[name].push(await measure(name, workers));
        log(`round ${round}: ${name} ${Math.round(results[name].at(-1))}`);
      }
    }
  } finally {
    for (const { child } of workers) child.kill();
  }
  const base = median(results.baseline ?? [NaN]);
  log('\n| server | instructions per connection | ÷ baseline |');
  log('| --- | ---: | ---: |');
  for (const name of SERVER_NAMES) {
    const value = median(results[name]);
    log(
      `| ${name} | ${Math.round(value).toLocaleString('en')} | ${(value / base).toFixed(3)} |`,
    );
  }
}
