// A handshake storm: connections per second and server CPU per connection.
import { collectAll, cpuMs, percentile } from '../common.mjs';
import { URL, WORKERS } from '../config.mjs';
import { closeAll } from '../servers.mjs';

export async function connectScenario(server, workers, count) {
  const perWorker = Math.ceil(count / WORKERS);
  const started = performance.now();
  const cpuBefore = cpuMs(server.pid);
  await Promise.all(
    workers.map((w) =>
      w.call('connect', {
        url: URL,
        inFlight: 100 / WORKERS,
        rooms: Array.from({ length: perWorker }, () => null),
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const serverMs = cpuMs(server.pid) - cpuBefore;
  const { handshakes } = await collectAll(workers);
  await closeAll(workers, server);
  return {
    connectionsPerSecond: (perWorker * WORKERS) / seconds,
    // Steadier than the rate on a shared machine, like CPU per delivery.
    cpuUsPerConnection: (serverMs * 1000) / (perWorker * WORKERS),
    handshakeP99Ms: percentile(handshakes, 99),
  };
}
