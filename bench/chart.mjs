// The fan-out chart: deliveries/s against the offered rate, one line per
// server and round, drawn as a self-contained SVG from the bench's steps.

const WIDTH = 640;
const HEIGHT = 400;
const MARGIN = { top: 30, right: 20, bottom: 50, left: 70 };
const COLORS = { baseline: '#4e79a7', nest: '#e15759' };
const OTHER_COLORS = ['#59a14f', '#f28e2b', '#b07aa1', '#76b7b2'];

/** A round step (1, 2 or 5 × 10^n) giving about five ticks up to `max`. */
function tickStep(max) {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
}

const thousands = (n) => (n >= 1000 ? `${n / 1000}k` : String(n));

/** `stepsByServer`: `{ baseline: Step[][], nest: Step[][] }`, one array per round. */
export function fanoutChart(stepsByServer) {
  const all = Object.values(stepsByServer).flat(2);
  const maxX = Math.max(...all.map((s) => s.offeredPerSecond));
  const maxY = Math.max(maxX, ...all.map((s) => s.deliveriesPerSecond));
  const xStep = tickStep(maxX);
  const yStep = tickStep(maxY);
  const xEnd = Math.ceil(maxX / xStep) * xStep;
  const yEnd = Math.ceil(maxY / yStep) * yStep;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (v) => (MARGIN.left + (v / xEnd) * plotW).toFixed(1);
  const y = (v) => (MARGIN.top + plotH - (v / yEnd) * plotH).toFixed(1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="14">Fan-out: deliveries/s vs offered (10 rooms, server on one core)</text>`,
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
  parts.push(
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(Math.min(xEnd, yEnd))}" y2="${y(Math.min(xEnd, yEnd))}" stroke="#999" stroke-dasharray="4 4"/>`,
    `<text x="${WIDTH / 2}" y="${HEIGHT - 12}" text-anchor="middle">offered deliveries/s</text>`,
    `<text transform="translate(16 ${HEIGHT / 2}) rotate(-90)" text-anchor="middle">deliveries/s received</text>`,
  );
  let legendY = MARGIN.top + 10;
  let others = 0;
  for (const [server, rounds] of Object.entries(stepsByServer)) {
    const color =
      COLORS[server] ?? OTHER_COLORS[others++ % OTHER_COLORS.length];
    for (const steps of rounds) {
      const points = steps
        .map((s) => `${x(s.offeredPerSecond)},${y(s.deliveriesPerSecond)}`)
        .join(' ');
      parts.push(
        `<polyline points="${points}" fill="none" stroke="${color}" stroke-width="2" opacity="0.8"/>`,
        ...steps.map(
          (s) =>
            `<circle cx="${x(s.offeredPerSecond)}" cy="${y(s.deliveriesPerSecond)}" r="3" fill="${color}"/>`,
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
    `<text x="${MARGIN.left + 32}" y="${legendY - 3}" fill="#999">dashed: received = offered</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
