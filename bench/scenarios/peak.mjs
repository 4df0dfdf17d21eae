// Rooms of 10, a rising send rate: the most acknowledged sends per second.
import { log, mean } from '../common.mjs';
import { closeAll } from '../servers.mjs';
import { connectRooms, sendStep, warmUp } from '../traffic.mjs';

/**
 * Rooms of 10, one sender each: raises the send rate until the acked rate
 * falls below 90% of it or ack p99 passes 200 ms; the peak is the most
 * acknowledged sends per second within that bound. Each step says how
 * busy every core was (PostgreSQL and the load generator share them).
 */
export async function peakScenario(server, workers, peak) {
  await connectRooms(workers, peak, 'peak');
  await warmUp(server, workers, peak, peak.rates[0], 1);
  let best = null;
  for (const rate of peak.rates) {
    const step = await sendStep(server, workers, {
      ...peak,
      rate,
      sendersPerRoom: 1,
    });
    log(
      `  ${String(rate).padStart(6)} sends/s → ${step.ackedPerSecond.toFixed(0).padStart(6)} acked/s, ack p99 ${step.ackP99Ms.toFixed(1)} ms, server ${(step.serverBusy * 100).toFixed(0)}%, load ${(step.loadBusy * 100).toFixed(0)}%${server.database ? `, PostgreSQL ${(step.dbBusy * 100).toFixed(0)}%, ${step.dbRoundTripsPerMessage.toFixed(3)} round trips/message` : ''}; cores ${step.coresBusy.map((busy) => `${(busy * 100).toFixed(0)}%`).join(' ')}`,
    );
    if (step.ackP99Ms > 200 || step.ackedPerSecond < 0.9 * rate) break;
    best = step;
  }
  await closeAll(workers, server);
  return {
    ackedSendsPerSecond: best?.ackedPerSecond ?? 0,
    ackP99Ms: best?.ackP99Ms ?? NaN,
    dbBusy: best?.dbBusy ?? NaN,
    dbRoundTripsPerMessage: best?.dbRoundTripsPerMessage ?? NaN,
    machineBusy: best ? mean(best.coresBusy) : NaN,
  };
}
