// `node bench/profile-top.mjs <file.cpuprofile> [count] [from-to]`: the top
// frames of a V8 CPU profile (`node --cpu-prof`) by self time, and by total
// (inclusive) time, as shares of the busy (non-idle) time, frames named
// function@file. `from-to` (seconds since the profile began) keeps only that
// window, e.g. a scenario's sending window; without it, the busy samples per
// second are printed first, to find the window.
import { readFileSync } from 'node:fs';

const [file, count = '30', window] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
// Sample times in seconds since the start.
const times = [];
for (let i = 0, t = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  times.push(t / 1e6);
}
const [from, to] = window ? window.split('-').map(Number) : [0, Infinity];
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes) {
  for (const child of node.children ?? []) parents.set(child, node.id);
}
const name = ({ callFrame: { functionName, url, lineNumber } }) =>
  `${functionName || '(anonymous)'}@${url.replace(/^.*\/(node_modules\/)?/, '$1')}:${lineNumber + 1}`;
const selfTicks = new Map();
const perSecond = [];
profile.samples.forEach((id, i) => {
  const second = Math.floor(times[i]);
  if (nodes.get(id).callFrame.functionName !== '(idle)') {
    perSecond[second] = (perSecond[second] ?? 0) + 1;
  }
  if (times[i] < from || times[i] > to) return;
  selfTicks.set(id, (selfTicks.get(id) ?? 0) + 1);
});
if (!window) {
  console.log('busy samples per second:');
  console.log(Array.from(perSecond, (n, i) => `${i}:${n ?? 0}`).join(' '));
}
const idle = new Set(
  ['(idle)', '(program)', '(garbage collector)'].flatMap((label) =>
    profile.nodes
      .filter((n) => n.callFrame.functionName === label)
      .map((n) => n.id),
  ),
);
const busy = [...selfTicks].reduce(
  (sum, [id, ticks]) =>
    nodes.get(id).callFrame.functionName === '(idle)' ? sum : sum + ticks,
  0,
);
const self = new Map();
const total = new Map();
for (const [id, ticks] of selfTicks) {
  if (nodes.get(id).callFrame.functionName === '(idle)') continue;
  const own = name(nodes.get(id));
  self.set(own, (self.get(own) ?? 0) + ticks);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parents.get(at)) {
    const frame = name(nodes.get(at));
    if (seen.has(frame) || idle.has(at)) continue;
    seen.add(frame);
    total.set(frame, (total.get(frame) ?? 0) + ticks);
  }
}
const table = (map, title) => {
  console.log(`\n${title} (busy samples: ${busy})`);
  for (const [frame, ticks] of [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(count))) {
    console.log(`${((ticks / busy) * 100).toFixed(2).padStart(6)}%  ${frame}`);
  }
};
table(self, 'self time');
table(total, 'total time');
