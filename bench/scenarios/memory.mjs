// Idle connections: RSS and live heap per connection (BENCHMARKS.md, "Method").
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { rssBytes } from '../common.mjs';
import { URL, WORKERS } from '../config.mjs';
import {
  closeAll,
  HEAP_PROBE_ARGS,
  liveHeap,
  PAGES_RELEASED_MS,
  startServer,
  stopServer,
} from '../servers.mjs';

/** Connections per source address, well under its ~28,000 ephemeral ports. */
const ADDRESS_CONNECTIONS = 10_000;

/** Loopback addresses enough for `count` connections (127.0.0.1, .2, …). */
const sourceAddressesFor = (count) =>
  Array.from(
    { length: Math.ceil(count / ADDRESS_CONNECTIONS) },
    (_, i) => `127.0.0.${i + 1}`,
  );

/**
 * On a fresh server each time, so every count starts from the same heap.
 * Per idle connection: RSS growth 2 s after the connections (the storm's
 * garbage included, as much as V8 has not collected yet: it depends on how
 * fast the storm came), the live heap (plus external and array buffers)
 * after a forced full GC, which young-generation sizing does not move, and
 * RSS growth once that GC's pages are released (what the idle connections
 * hold, the storm's garbage gone). And how fast the server accepted them
 * (connections/s, joins included), from several source addresses past
 * 10,000 connections.
 */
export async function memoryScenario(name, workers, count) {
  const sourceAddresses = sourceAddressesFor(count);
  // Exempt from the per-address caps, as 127.0.0.1 is (also as a
  // dual-stack listener sees them).
  const server = await startServer(name, HEAP_PROBE_ARGS, {
    CHAT_CONNECTION_LIMIT_EXEMPT: sourceAddresses
      .flatMap((address) => [address, `::ffff:${address}`])
      .join(','),
  });
  await sleep(1000);
  const before = rssBytes(server.pid);
  const heapBefore = await liveHeap(server.pid);
  await sleep(PAGES_RELEASED_MS);
  const collectedBefore = rssBytes(server.pid);
  const perWorker = Math.ceil(count / WORKERS);
  const accepting = performance.now();
  await Promise.all(
    workers.map((w, i) =>
      w.call('connect', {
        url: URL,
        inFlight: 100,
        sourceAddresses,
        rooms: Array.from(
          { length: perWorker },
          (_, k) => `idle${(i * perWorker + k) % Math.ceil(count / 100)}`,
        ),
      }),
    ),
  );
  const connections = perWorker * WORKERS;
  const accepted = connections / ((performance.now() - accepting) / 1000);
  await sleep(2000);
  const rss = (rssBytes(server.pid) - before) / connections;
  const heapAfter = await liveHeap(server.pid);
  const live = (usage) => usage.heapUsed + usage.external;
  const heap = (live(heapAfter) - live(heapBefore)) / connections;
  await sleep(PAGES_RELEASED_MS);
  const rssCollected = (rssBytes(server.pid) - collectedBefore) / connections;
  await closeAll(workers, server);
  await stopServer(server);
  return { rss, heap, rssCollected, accepted };
}
