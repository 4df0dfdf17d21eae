// Preload for a server under `npm run bench`: what a connection storm leaves
// in the old generation. V8's sampling heap profiler runs from start-up;
// once STORM_CLIENTS WebSocket upgrades have arrived and none for a second,
// the profile is taken after a forced full GC and written to
// STORM_GARBAGE_OUT. With STORM_GARBAGE_MAJOR=1 the profile keeps the
// objects that mark-compacts collected (garbage that had been promoted),
// without it only the live ones: run both and compare them with
// `node bench/storm-garbage-report.mjs live.json major.json`. Needs
// --expose-gc, e.g. --nest-node-args="--max-semi-space-size=8 --expose-gc
// --import ./bench/storm-garbage.mjs" --nest-env=STORM_GARBAGE_OUT=/tmp/x.json
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

if (typeof globalThis.gc !== 'function') {
  throw new Error('bench/storm-garbage.mjs needs node --expose-gc');
}
const clients = Number(process.env.STORM_CLIENTS ?? 10_000);
const out =
  process.env.STORM_GARBAGE_OUT ?? `storm-garbage-${process.pid}.json`;

const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 2048,
  includeObjectsCollectedByMajorGC: process.env.STORM_GARBAGE_MAJOR === '1',
});

let upgrades = 0;
let lastUpgradeAt = 0;
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'upgrade') {
    upgrades++;
    lastUpgradeAt = Date.now();
  }
  return emit.call(this, event, ...args);
};

/** Bytes per call stack (frames joined root first by " < "). */
function bytesByStack(profile) {
  const bytes = new Map();
  const walk = (node, stack) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url
      .replace(/.*node_modules\//, '')
      .replace(/.*\/dist\//, 'dist/');
    const frames = [
      ...stack,
      `${functionName || '(anon)'} ${file}:${lineNumber + 1}`,
    ];
    if (node.selfSize) {
      const key = frames.join(' < ');
      bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, frames);
  };
  walk(profile.head, []);
  return [...bytes];
}

const timer = setInterval(() => {
  if (upgrades < clients || Date.now() - lastUpgradeAt < 1000) return;
  clearInterval(timer);
  globalThis.gc();
  session
    .post('HeapProfiler.getSamplingProfile')
    .then(({ profile }) => {
      writeFileSync(
        out,
        JSON.stringify({ upgrades, stacks: bytesByStack(profile) }),
      );
      return session.post('HeapProfiler.stopSampling');
    })
    .catch((error) => console.error('storm-garbage:', error));
}, 100);
timer.unref();
