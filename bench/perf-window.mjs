// `--perf`: where each server's CPU goes per message, from Linux `perf`
// sampling the sending window of the latency scenario (every thread,
// kernel included, JIT frames named through `--perf-basic-prof`). V8's own
// profiler misses most of a busy single core and cannot see the kernel;
// perf's samples at a fixed rate are CPU time, so a category's samples per
// message are µs per message, steady enough to measure a lever of 1 µs
// that the rounds' CPU totals (±5%) cannot.
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log } from './common.mjs';

const FREQUENCY = 1999;

/** Node.js flags a server needs for its JIT frames to be named (V8's log out of the working folder). */
export const perfNodeArgs = (name) => [
  '--perf-basic-prof',
  `--logfile=${join(tmpdir(), `bench-v8-${name}.log`)}`,
  '--no-logfile-per-isolate',
];

/** The servers' V8 logs, once the run is over. */
export function removePerfLogs(names) {
  for (const name of names) {
    rmSync(join(tmpdir(), `bench-v8-${name}.log`), { force: true });
  }
}

/** Fails early, with what to install, where `perf` cannot sample. */
export function checkPerf() {
  try {
    execFileSync(
      'perf',
      ['record', '-F', '99', '-o', '/dev/null', '--', 'true'],
      {
        stdio: 'ignore',
      },
    );
  } catch {
    throw new Error(
      '--perf needs Linux perf allowed to sample (Debian: apt-get install linux-perf; kernel.perf_event_paranoid ≤ 2)',
    );
  }
}

/** Samples `pid` for `seconds`; resolves with the recording's file once perf exits. */
export function recordWindow(pid, seconds) {
  const file = join(tmpdir(), `bench-perf-${pid}-${Date.now()}.data`);
  const perf = spawn(
    'perf',
    [
      'record',
      '-F',
      String(FREQUENCY),
      '-g',
      '-o',
      file,
      '-p',
      String(pid),
      '--',
      'sleep',
      String(seconds),
    ],
    { stdio: 'ignore' },
  );
  return new Promise((resolve, reject) => {
    perf.once('error', reject);
    perf.once('exit', () => resolve(file));
  });
}

/**
 * What a sample's stack was doing, outermost rule first: the room
 * broadcast (Socket.IO's adapter, encoding and writes), the ack, the
 * server's own handling of the event (its code and what it calls), the
 * rest of the event loop in JS (reading, parsing, write completions), and
 * no JS at all (GC, the kernel outside a JS call, the idle poll's work).
 */
const CATEGORIES = [
  [
    'broadcast',
    (frames) =>
      frames.some((f) => /JS:\Sbroadcast .*in-memory-adapter\.js/.test(f)),
  ],
  [
    'ack',
    (frames) =>
      frames.some((f) => /JS:\Spacket .*socket\.io\/dist\/socket\.js/.test(f)),
  ],
  [
    'handler',
    (frames) =>
      frames.some((f) =>
        /baseline-server\.mjs|\/chat\/(transport|rooms|store|metrics|limits|dto|errors)\//.test(
          f,
        ),
      ),
  ],
  ['otherJs', (frames) => frames.some((f) => f.includes('JS:'))],
  ['noJs', () => true],
];

/** µs of CPU per message in each category (and `total`), main thread and all threads. */
export function categorize(file, pid, messages) {
  const script = execFileSync(
    'perf',
    ['script', '-i', file, '-F', 'tid,ip,sym'],
    { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] },
  ).toString();
  // BENCH_PERF_KEEP=1 keeps the recording (and the server's JIT map) for `perf report -i`.
  if (process.env.BENCH_PERF_KEEP) log(`perf recording of ${pid}: ${file}`);
  else rmSync(file, { force: true });
  const counts = { total: 0, mainThread: 0 };
  for (const [name] of CATEGORIES) counts[name] = 0;
  for (const sample of script.split(/\n(?=\s*\d+\s*\n)/)) {
    const lines = sample.split('\n').filter(Boolean);
    if (lines.length === 0) continue;
    counts.total++;
    // Other threads: GC helpers and the compiler; counted in `total` only.
    if (Number(lines[0].trim()) !== pid) continue;
    counts.mainThread++;
    const frames = lines.slice(1);
    const [name] = CATEGORIES.find(([, matches]) => matches(frames));
    counts[name]++;
  }
  const usPerSample = 1e6 / FREQUENCY;
  return Object.fromEntries(
    Object.entries(counts).map(([name, n]) => [
      name,
      (n * usPerSample) / messages,
    ]),
  );
}
