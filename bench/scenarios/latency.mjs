// A fixed rate in the steady state: CPU per delivery and ack latency.
import {
  FIRST_PING_SECONDS,
  quick,
  STEADY_STATE_MESSAGES,
  WARM_UP_SECONDS,
  withPerf,
} from '../config.mjs';
import { closeAll } from '../servers.mjs';
import { connectRooms, sendStep, warmUp } from '../traffic.mjs';

export async function latencyScenario(server, workers, latency) {
  const connectedFrom = Date.now();
  await connectRooms(workers, latency, 'lat');
  const sinceConnect = (Date.now() - connectedFrom) / 1000;
  const steady = quick
    ? WARM_UP_SECONDS
    : Math.ceil(
        Math.max(
          STEADY_STATE_MESSAGES / latency.rate,
          FIRST_PING_SECONDS - sinceConnect,
        ),
      );
  await warmUp(server, workers, latency, latency.rate, 1, steady);
  const step = await sendStep(server, workers, {
    ...latency,
    sendersPerRoom: 1,
    perf: withPerf,
  });
  await closeAll(workers, server);
  return step;
}
