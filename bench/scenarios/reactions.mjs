// `--only=reactions`: the latency scenario's rooms and rate, once with
// message:send and once with message:react (👍 on and off on a message of
// the sender's), on the same server: server CPU per delivery of each
// (message:new / message:reactions), and their ratio.
import { WARM_UP_SECONDS } from '../config.mjs';
import { closeAll } from '../servers.mjs';
import { connectRooms, sendStep, warmUp } from '../traffic.mjs';

export async function reactionsScenario(server, workers, latency) {
  await connectRooms(workers, latency, 'rx');
  await warmUp(server, workers, latency, latency.rate, 1, WARM_UP_SECONDS);
  const step = (event) =>
    sendStep(server, workers, { ...latency, sendersPerRoom: 1, event });
  const send = await step('message:send');
  const react = await step('message:react');
  await closeAll(workers, server);
  return {
    sendCpuUsPerDelivery: send.cpuUsPerDelivery,
    reactCpuUsPerDelivery: react.cpuUsPerDelivery,
    reactAckP50Ms: react.ackP50Ms,
    reactToSendCpu: react.cpuUsPerDelivery / send.cpuUsPerDelivery,
  };
}
