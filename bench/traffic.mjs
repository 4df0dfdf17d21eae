// Clients into rooms, and one step of traffic at a fixed rate, measured.
import {
  busyCores,
  CLK_TCK,
  collectAll,
  coreTicks,
  cpuMs,
  percentile,
} from './common.mjs';
import { URL, WARM_UP_SECONDS, WORKERS } from './config.mjs';
import { postgresCpuMs, postgresCpuSince, transactions } from './durable.mjs';
import { categorize, recordWindow } from './perf-window.mjs';

/** Whole rooms per worker, so each room's sender and members share a process. */
export function roomAssignments(rooms, members, prefix) {
  return Array.from({ length: WORKERS }, (_, w) =>
    Array.from({ length: rooms }, (_, r) => r)
      .filter((r) => r % WORKERS === w)
      .flatMap((r) => Array.from({ length: members }, () => `${prefix}${r}`)),
  );
}

export async function connectRooms(workers, { rooms, members }, prefix) {
  const assignments = roomAssignments(rooms, members, prefix);
  await Promise.all(
    workers.map((w, i) =>
      w.call('connect', { url: URL, inFlight: 50, rooms: assignments[i] }),
    ),
  );
  await collectAll(workers);
}

/** Sends at one rate; server and load-generator CPU over the window. */
export async function sendStep(
  server,
  workers,
  { members, rate, seconds, sendersPerRoom, perf = false, event },
) {
  const sumCpu = () => workers.reduce((sum, w) => sum + cpuMs(w.child.pid), 0);
  const serverBefore = cpuMs(server.pid);
  // The main thread alone: the event loop, without V8's GC and compiler threads.
  const mainBefore = cpuMs(server.pid, server.pid);
  const loadBefore = sumCpu();
  const dbCpuBefore = server.database ? postgresCpuMs(CLK_TCK) : null;
  const dbBefore = server.database ? await transactions(server.database) : 0;
  const recording = perf ? recordWindow(server.pid, seconds) : null;
  const coresBefore = coreTicks();
  const startedMs = performance.now();
  const sent = await Promise.all(
    workers.map((w) =>
      w.call('send', { rate: rate / WORKERS, seconds, sendersPerRoom, event }),
    ),
  );
  // The whole window the readings span: the sends, their last acks' 0.5 s, the calls.
  const elapsedMs = performance.now() - startedMs;
  const serverCpu = cpuMs(server.pid) - serverBefore;
  const mainCpu = cpuMs(server.pid, server.pid) - mainBefore;
  const loadCpu = sumCpu() - loadBefore;
  // Every process on the machine, PostgreSQL and the kernel's work included.
  const cores = busyCores(coresBefore);
  const dbCpu = server.database ? postgresCpuSince(dbCpuBefore, CLK_TCK) : NaN;
  const result = await collectAll(workers);
  const acked = result.ackLatencies.length;
  const perfFile = await recording;
  const roundTrips = server.database
    ? (await transactions(server.database)) - dbBefore
    : NaN;
  return {
    offeredPerSecond: rate * members,
    ackedPerSecond: acked / seconds,
    dbBusy: dbCpu / elapsedMs,
    dbRoundTripsPerMessage: roundTrips / acked,
    deliveriesPerSecond:
      sent.reduce((sum, s) => sum + s.windowDeliveries, 0) / seconds,
    cpuUsPerDelivery: (serverCpu * 1000) / result.deliveries,
    mainThreadUsPerDelivery: (mainCpu * 1000) / result.deliveries,
    serverBusy: serverCpu / elapsedMs,
    loadBusy: loadCpu / elapsedMs,
    coresBusy: cores,
    ackP50Ms: percentile(result.ackLatencies, 50),
    ackP90Ms: percentile(result.ackLatencies, 90),
    ackP99Ms: percentile(result.ackLatencies, 99),
    deliveryP50Ms: percentile(result.deliveryLatencies, 50),
    deliveryP99Ms: percentile(result.deliveryLatencies, 99),
    perf: perfFile ? categorize(perfFile, server.pid, acked) : null,
  };
}

/** Unmeasured traffic first, so both servers are measured warm (JIT, pools). */
export async function warmUp(
  server,
  workers,
  scenario,
  rate,
  sendersPerRoom,
  seconds = WARM_UP_SECONDS,
) {
  await sendStep(server, workers, {
    ...scenario,
    rate,
    seconds,
    sendersPerRoom,
  });
}
