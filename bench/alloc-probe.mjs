// Where a server's allocations come from, garbage included (a CPU profile
// does not show them, yet they are what the young generation collects).
// Preload it: `--<server>-node-args="--import ./bench/alloc-probe.mjs"`.
// From ALLOC_PROBE_FROM_MS after the start (default 7,000: inside the
// latency scenario's sending window) for ALLOC_PROBE_FOR_MS (default 7,000),
// V8's sampling heap profiler records sampled allocations, those collected
// since included, and writes <tmpdir>/bench-alloc-<pid>.json; read it with
// `node bench/alloc-top.mjs <file>`.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const from = Number(process.env.ALLOC_PROBE_FROM_MS ?? 7000);
const span = Number(process.env.ALLOC_PROBE_FOR_MS ?? 7000);
const session = new Session();
session.connect();
const post = (method, params) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );

setTimeout(async () => {
  await post('HeapProfiler.startSampling', {
    samplingInterval: 2048,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  setTimeout(async () => {
    const { profile } = await post('HeapProfiler.stopSampling');
    writeFileSync(
      join(tmpdir(), `bench-alloc-${process.pid}.json`),
      JSON.stringify(profile),
    );
  }, span).unref();
}, from).unref();
