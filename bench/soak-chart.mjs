// The soak's chart: live heap after GC, RSS (MB) and open fds per minute,
// and ack / event-loop p99 (ms), as a self-contained SVG.
const WIDTH = 640;
const HEIGHT = 260;
const M = { top: 40, right: 20, bottom: 40, left: 60 };

function panel(top, title, samples, lines) {
  const plotW = WIDTH - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const xMax = Math.max(...samples.map((s) => s.minute), 1);
  const yMax =
    Math.max(
      1,
      ...lines.flatMap(({ value }) =>
        samples.map(value).filter(Number.isFinite),
      ),
    ) * 1.1;
  const x = (v) => (M.left + (v / xMax) * plotW).toFixed(1);
  const y = (v) => (top + M.top + plotH - (v / yMax) * plotH).toFixed(1);
  const parts = [
    `<text x="${M.left}" y="${top + 24}" font-size="14" font-weight="bold">${title}</text>`,
    `<line x1="${M.left}" y1="${y(0)}" x2="${WIDTH - M.right}" y2="${y(0)}" stroke="#999"/>`,
    `<line x1="${M.left}" y1="${top + M.top}" x2="${M.left}" y2="${y(0)}" stroke="#999"/>`,
    `<text x="${M.left - 6}" y="${top + M.top + 4}" font-size="11" text-anchor="end">${yMax.toFixed(0)}</text>`,
    `<text x="${M.left - 6}" y="${y(0)}" font-size="11" text-anchor="end">0</text>`,
    `<text x="${WIDTH - M.right}" y="${Number(y(0)) + 16}" font-size="11" text-anchor="end">minute ${xMax}</text>`,
  ];
  lines.forEach(({ label, value, color }, i) => {
    const points = samples
      .filter((s) => Number.isFinite(value(s)))
      .map((s) => `${x(s.minute)},${y(value(s))}`)
      .join(' ');
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"/>`,
    );
    parts.push(
      `<text x="${M.left + 10 + i * 150}" y="${top + HEIGHT - 8}" font-size="12" fill="${color}">${label}</text>`,
    );
  });
  return parts.join('\n');
}

export function soakChart(samples) {
  const mb = (bytes) => bytes / 2 ** 20;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${2 * HEIGHT}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${panel(0, 'Soak: memory and descriptors', samples, [
  {
    label: 'live heap after GC, MB',
    value: (s) => mb(s.liveHeapBytes),
    color: '#e15759',
  },
  { label: 'RSS, MB', value: (s) => mb(s.rssBytes), color: '#4e79a7' },
  { label: 'open fds', value: (s) => s.openFds, color: '#59a14f' },
])}
${panel(HEIGHT, 'Soak: latency (ms)', samples, [
  { label: 'ack p99', value: (s) => s.ackP99Ms, color: '#e15759' },
  {
    label: 'event-loop delay p99',
    value: (s) => s.eventLoopDelayP99Ms,
    color: '#4e79a7',
  },
])}
</svg>
`;
}
