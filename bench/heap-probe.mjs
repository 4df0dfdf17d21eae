// Preloaded into a bench server for the memory scenario only
// (`node --expose-gc --import ./bench/heap-probe.mjs …`): on SIGWINCH (not a
// signal Nest's shutdown hooks take, unlike SIGUSR2) it runs
// full garbage collections and writes process.memoryUsage() to
// <tmpdir>/bench-heap-<pid>.json, so the live heap can be read from outside.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

// Event-loop delay since the last probe (the soak reads it once a minute).
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

process.on('SIGWINCH', () => {
  const eventLoopDelayP99Ms = loopDelay.percentile(99) / 1e6;
  loopDelay.reset();
  // Twice: objects freed by the first collection's finalisers go in the second.
  globalThis.gc?.();
  globalThis.gc?.();
  writeFileSync(
    join(tmpdir(), `bench-heap-${process.pid}.json`),
    JSON.stringify({ ...process.memoryUsage(), eventLoopDelayP99Ms }),
  );
});
