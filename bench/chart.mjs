// The fan-out chart, drawn as a self-contained SVG from the bench's steps:
// deliveries/s and ack p99 against the offered rate, one line per server
// and round.

const WIDTH = 640;
const PANEL_HEIGHT = 330;
const MARGIN = { top: 50, right: 20, bottom: 50, left: 70 };
const COLORS = { baseline: '#4e79a7', nest: '#e15759' };
const OTHER_COLORS = ['#59a14f', '#f28e2b', '#b07aa1', '#76b7b2'];
/** Ack p99 above this is drawn at the top edge (the search stops at 200 ms). */
const P99_CAP_MS = 400;

/** A round step (1, 2 or 5 × 10^n) giving about five ticks up to `max`. */
function tickStep(max) {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
}

const thousands = (n) => (n >= 1000 ? `${n / 1000}k` : String(n));

/** One plot: offered deliveries/s across, `valueOf(step)` up, `top` px down the SVG. */
function panel({ top, title, yLabel, valueOf, yMax, guide, series, xEnd }) {
  const xStep = tickStep(xEnd);
  const yStep = tickStep(yMax);
  const yEnd = Math.ceil(yMax / yStep) * yStep;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (v) => (MARGIN.left + (v / xEnd) * plotW).toFixed(1);
  const y = (v) =>
    (top + MARGIN.top + plotH - (Math.min(v, yEnd) / yEnd) * plotH).toFixed(1);
  const parts = [
    `<text x="${WIDTH / 2}" y="${top + 24}" text-anchor="middle" font-size="14">${title}</text>`,
  ];
  for (let v = 0; v <= xEnd; v += xStep) {
    parts.push(
      `<line x1="${x(v)}" y1="${y(0)}" x2="${x(v)}" y2="${y(yEnd)}" stroke="#eee"/>`,
      `<text x="${x(v)}" y="${Number(y(0)) + 16}" text-anchor="middle">${thousands(v)}</text>`,
    );
  }
  for (let v = 0; v <= yEnd; v += yStep) {
    parts.push(
      `<line x1="${x(0)}" y1="${y(v)}" x2="${x(xEnd)}" y2="${y(v)}" stroke="#eee"/>`,
      `<text x="${MARGIN.left - 6}" y="${Number(y(v)) + 4}" text-anchor="end">${thousands(v)}</text>`,
    );
  }
  const [from, to] = guide.line(xEnd, yEnd);
  parts.push(
    `<line x1="${x(from[0])}" y1="${y(from[1])}" x2="${x(to[0])}" y2="${y(to[1])}" stroke="#999" stroke-dasharray="4 4"/>`,
    `<text x="${WIDTH / 2}" y="${top + PANEL_HEIGHT - 12}" text-anchor="middle">offered deliveries/s</text>`,
    `<text transform="translate(16 ${top + PANEL_HEIGHT / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>`,
  );
  let legendY = top + MARGIN.top + 10;
  for (const { server, color, rounds } of series) {
    for (const steps of rounds) {
      const points = steps
        .map((s) => `${x(s.offeredPerSecond)},${y(valueOf(s))}`)
        .join(' ');
      parts.push(
        `<polyline points="${points}" fill="none" stroke="${color}" stroke-width="2" opacity="0.8"/>`,
        ...steps.map(
          (s) =>
            `<circle cx="${x(s.offeredPerSecond)}" cy="${y(valueOf(s))}" r="3" fill="${color}"/>`,
        ),
      );
    }
    parts.push(
      `<rect x="${MARGIN.left + 12}" y="${legendY - 9}" width="14" height="4" fill="${color}"/>`,
      `<text x="${MARGIN.left + 32}" y="${legendY - 3}">${server} (${rounds.length} round${rounds.length === 1 ? '' : 's'})</text>`,
    );
    legendY += 18;
  }
  parts.push(
    `<text x="${MARGIN.left + 32}" y="${legendY - 3}" fill="#999">dashed: ${guide.label}</text>`,
  );
  return parts;
}

/** `stepsByServer`: `{ baseline: Step[][], nest: Step[][], … }`, one array per round. */
export function fanoutChart(stepsByServer) {
  let others = 0;
  const series = Object.entries(stepsByServer).map(([server, rounds]) => ({
    server,
    rounds,
    color: COLORS[server] ?? OTHER_COLORS[others++ % OTHER_COLORS.length],
  }));
  const all = series.flatMap((s) => s.rounds.flat());
  const maxOffered = Math.max(...all.map((s) => s.offeredPerSecond));
  const xEnd =
    Math.ceil(maxOffered / tickStep(maxOffered)) * tickStep(maxOffered);
  const height = PANEL_HEIGHT * 2;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    ...panel({
      top: 0,
      title:
        'Fan-out: deliveries/s received (10 rooms × 100, server on one core)',
      yLabel: 'deliveries/s received',
      valueOf: (s) => s.deliveriesPerSecond,
      yMax: Math.max(xEnd, ...all.map((s) => s.deliveriesPerSecond)),
      guide: {
        label: 'received = offered',
        line: (x, y) => [
          [0, 0],
          [Math.min(x, y), Math.min(x, y)],
        ],
      },
      series,
      xEnd,
    }),
    ...panel({
      top: PANEL_HEIGHT,
      title: `Fan-out: ack p99 (ms, drawn at most ${P99_CAP_MS})`,
      yLabel: 'ack p99 (ms)',
      valueOf: (s) => s.ackP99Ms,
      yMax: P99_CAP_MS,
      guide: {
        label: 'the 200 ms bound of the peak',
        line: (x) => [
          [0, 200],
          [x, 200],
        ],
      },
      series,
      xEnd,
    }),
    '</svg>',
    '',
  ].join('\n');
}

// `node bench/chart.mjs bench/results/<run>.json > bench/fanout.svg`: the
// chart of a recorded run (the one BENCHMARKS.md shows).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs');
  const { results } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  process.stdout.write(
    fanoutChart(
      Object.fromEntries(
        Object.entries(results).map(([server, rounds]) => [
          server,
          rounds.map((round) => round.steps),
        ]),
      ),
    ),
  );
}
