// `--perf`: where each server's CPU goes per message, from Linux `perf`
// sampling the sending window of the latency scenario (every thread,
// kernel included, JIT frames named through V8's jitdump, `--perf-prof`,
// and `perf inject --jit`). V8's own profiler misses most of a busy single
// core and cannot see the kernel; perf's samples at a fixed rate are CPU
// time, so a category's samples per message are µs per message, steady
// enough to measure a lever of 1 µs that the rounds' CPU totals (±5%)
// cannot.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log } from './common.mjs';

const FREQUENCY = 1999;

/**
 * The servers' working folder under `--perf`: V8 writes its jitdump
 * (`jit-<pid>.dump`) there, and `perf inject` one small ELF file per
 * compiled function beside it.
 */
export const PERF_FOLDER = join(tmpdir(), 'bench-perf-jit');

/**
 * Node.js flags a server needs for its JIT frames to be named (V8's log
 * out of the working folder). The jitdump records when each function's
 * code was made, so a sample is named by the code that ran then; the
 * `--perf-basic-prof` map (used before) names an address by whatever code
 * was ever there, and V8 reuses the addresses of code it collected: in the
 * Nest app's recordings the send path came out as startup functions
 * (`parseSource` of the module lexer, say).
 */
export const perfNodeArgs = (name) => [
  '--perf-prof',
  `--logfile=${join(tmpdir(), `bench-v8-${name}.log`)}`,
  '--no-logfile-per-isolate',
];

/** The servers' V8 logs and jitdumps, once the run is over. */
export function removePerfLogs(names) {
  for (const name of names) {
    rmSync(join(tmpdir(), `bench-v8-${name}.log`), { force: true });
  }
  if (!process.env.BENCH_PERF_KEEP) {
    rmSync(PERF_FOLDER, { recursive: true, force: true });
  }
}

/** Fails early, with what to install, where `perf` cannot sample; makes the servers' folder. */
export function checkPerf() {
  mkdirSync(PERF_FOLDER, { recursive: true });
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
      '-k',
      'mono', // the jitdump's clock
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

function removeRecording(file, pid) {
  rmSync(file, { force: true });
  rmSync(`${file}.jit`, { force: true });
  for (const name of readdirSync(PERF_FOLDER)) {
    if (name.startsWith(`jitted-${pid}-`) || name === `jit-${pid}.dump`) {
      rmSync(join(PERF_FOLDER, name), { force: true });
    }
  }
}

/** µs of CPU per message in each category (and `total`), main thread and all threads. */
export function categorize(file, pid, messages) {
  const named = `${file}.jit`;
  execFileSync('perf', ['inject', '--jit', '-i', file, '-o', named], {
    stdio: 'ignore',
  });
  const script = execFileSync(
    'perf',
    ['script', '-i', named, '-F', 'tid,ip,sym'],
    { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] },
  ).toString();
  // BENCH_PERF_KEEP=1 keeps the recording (and the server's jitdump) for `perf report -i`.
  if (process.env.BENCH_PERF_KEEP) log(`perf recording of ${pid}: ${named}`);
  else removeRecording(file, pid);
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
