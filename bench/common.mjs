// What the bench scripts share: flags, /proc readings, statistics, pinning
// and the load-generator processes (bench/load-worker.mjs over IPC).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The value of `--name=value` on the command line. */
export const flag = (name) =>
  process.argv
    .find((arg) => arg.startsWith(`--${name}=`))
    ?.slice(name.length + 3);

export const CLK_TCK =
  Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
export const hasTaskset = spawnSync('taskset', ['-V']).status === 0;

/**
 * The open-file limit the bench gives its servers and load workers (each
 * idle connection is a descriptor in both): 200,000 where the machine lets
 * a process raise its hard limit (root with CAP_SYS_RESOURCE), else the
 * hard limit (`ulimit -Hn`).
 */
export const FD_LIMIT = Number(
  execFileSync('sh', [
    '-c',
    'ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"; ulimit -n',
  ]).toString(),
);

/** `[command, args]` running on `core` (as is without taskset) with `FD_LIMIT` open files; the pid stays the command's. */
export const pinned = (core, command, args) => [
  'sh',
  [
    '-c',
    `ulimit -n ${FD_LIMIT} && exec "$@"`,
    'sh',
    ...(hasTaskset ? ['taskset', '-c', String(core)] : []),
    command,
    ...args,
  ],
];

export const log = (line) => process.stdout.write(`${line}\n`);

/** CPU time of a process (every thread) or, with `tid`, of one thread. */
export function cpuMs(pid, tid) {
  const stat = tid ? `/proc/${pid}/task/${tid}/stat` : `/proc/${pid}/stat`;
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** Busy and total ticks of each core (/proc/stat), for `busyCores`; stolen time (the hypervisor's) counts as busy: the core was not this machine's then. */
export function coreTicks() {
  return readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((line) => /^cpu\d/.test(line))
    .map((line) => {
      const [user, nice, system, idle, iowait, irq, softirq, steal] = line
        .split(/\s+/)
        .slice(1, 9)
        .map(Number);
      const busy = user + nice + system + irq + softirq + steal;
      return { busy, total: busy + idle + iowait };
    });
}

/** How busy each core was since `before` (`coreTicks()`), as fractions. */
export const busyCores = (before) =>
  coreTicks().map(
    ({ busy, total }, i) =>
      (busy - before[i].busy) / Math.max(1, total - before[i].total),
  );

export function rssBytes(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) * 1024;
}

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const mean = (values) =>
  values.reduce((sum, value) => sum + value, 0) / values.length;

/** `count` load-generator processes on `core`, each driven by `call(command, args)`. */
export function startWorkers(count, core, script = 'bench/load-worker.mjs') {
  return Array.from({ length: count }, () => {
    const [command, args] = pinned(core, process.execPath, [script]);
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

/** What every worker measured since the last collect (and resets it). */
export async function collectAll(workers) {
  const parts = await Promise.all(workers.map((w) => w.call('collect')));
  return {
    deliveries: parts.reduce((sum, p) => sum + p.deliveries, 0),
    deliveryLatencies: parts.flatMap((p) => p.deliveryLatencies),
    ackLatencies: parts.flatMap((p) => p.ackLatencies),
    handshakes: parts.flatMap((p) => p.handshakes),
  };
}
