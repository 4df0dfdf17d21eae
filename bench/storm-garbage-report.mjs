// `node bench/storm-garbage-report.mjs live.json major.json [frames] [rows]`:
// the allocation sites whose objects a storm promoted and a mark-compact
// then collected (major minus live, from two runs of bench/storm-garbage.mjs),
// grouped by the innermost `frames` frames (2 by default).
import { readFileSync } from 'node:fs';

const [livePath, majorPath, frames = '2', rows = '25'] = process.argv.slice(2);

function bySite(path) {
  const bytes = new Map();
  for (const [stack, size] of JSON.parse(readFileSync(path, 'utf8')).stacks) {
    const site = stack.split(' < ').slice(-Number(frames)).join(' < ');
    bytes.set(site, (bytes.get(site) ?? 0) + size);
  }
  return bytes;
}

const live = bySite(livePath);
const major = bySite(majorPath);
const total = (map) => [...map.values()].reduce((sum, size) => sum + size, 0);
const mb = (bytes) => (bytes / 1e6).toFixed(2).padStart(7);
console.log(
  `live ${mb(total(live))} MB, live + collected ${mb(total(major))} MB`,
);
const garbage = [...major].map(([site, size]) => [
  site,
  size - (live.get(site) ?? 0),
]);
for (const [site, size] of garbage
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(rows))) {
  console.log(`${mb(size)} MB  ${site}`);
}
