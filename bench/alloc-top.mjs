// `node bench/alloc-top.mjs <bench-alloc-pid.json> [rows] [fn|pkg]`: the
// bytes a sampled heap profile (bench/alloc-probe.mjs) saw allocated, by
// allocating function (default) or by package / compiled file, largest first.
import { readFileSync } from 'node:fs';

const [file, rows = '30', by = 'fn'] = process.argv.slice(2);
const { head } = JSON.parse(readFileSync(file, 'utf8'));
const bytes = new Map();
let total = 0;
const where = ({ functionName, url, lineNumber }) => {
  const path = url
    .replace(/^.*node_modules\//, '')
    .replace(/^file:\/\/.*?\/dist\//, 'dist/');
  if (by === 'pkg') {
    if (path.startsWith('dist/')) return path;
    return path.match(/^((@[^/]+\/)?[^/]+)/)?.[1] ?? functionName;
  }
  return `${functionName || '(anonymous)'}@${path}:${lineNumber + 1}`;
};
const visit = (node) => {
  const key = where(node.callFrame);
  bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
  total += node.selfSize;
  node.children.forEach(visit);
};
visit(head);
console.log(`total ${(total / 1e6).toFixed(1)} MB`);
for (const [key, size] of [...bytes]
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(rows))) {
  console.log(`${(size / 1e6).toFixed(2).padStart(8)} MB  ${key}`);
}
