// A load-generator process: opens clients, joins rooms, sends at a rate and
// measures acks and deliveries. Driven by bench/run.mjs over IPC.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const now = () => performance.timeOrigin + performance.now();
let clients = [];
let deliveries = 0;
let deliveryLatencies = [];
let ackLatencies = [];
let handshakes = [];

/** `localAddress`: the loopback address the connection comes from (127.0.0.1 when unset). */
function open(url, nickname, localAddress) {
  return new Promise((resolve, reject) => {
    const started = now();
    const socket = io(`${url}/chat`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { nickname },
      ...(localAddress ? { localAddress } : {}),
    });
    const timer = setTimeout(
      () => reject(new Error('connect timeout')),
      30_000,
    );
    socket.once('session', () => {
      clearTimeout(timer);
      handshakes.push(now() - started);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * Opens `count` clients with at most `inFlight` handshakes at once; each
 * joins its room. With `urls`, client i goes to `urls[i % urls.length]`
 * (several instances, each room with members on every one). With
 * `sourceAddresses`, client i comes from `sourceAddresses[i % n]`: one
 * address has ~28,000 ephemeral ports towards one server port.
 */
async function connect({
  url,
  urls = [url],
  rooms,
  inFlight,
  sourceAddresses = [],
}) {
  const queue = rooms.map((room, i) => ({ room, i }));
  const opened = [];
  async function lane() {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const socket = await open(
        urls[next.i % urls.length],
        `b${process.pid}-${next.i}`,
        sourceAddresses[next.i % sourceAddresses.length],
      );
      if (next.room) {
        await socket
          .timeout(30_000)
          .emitWithAck('room:join', { room: next.room });
        socket.on('message:reactions', () => deliveries++);
        socket.on('message:new', (message) => {
          deliveries++;
          const sentAt = Number(message.text);
          if (Number.isFinite(sentAt) && deliveries % 10 === 0)
            deliveryLatencies.push(now() - sentAt);
        });
      }
      opened.push({ socket, room: next.room });
    }
  }
  const started = now();
  await Promise.all(
    Array.from({ length: Math.min(inFlight, rooms.length) }, lane),
  );
  clients.push(...opened);
  return { seconds: (now() - started) / 1000 };
}

/**
 * `sendersPerRoom` clients of every room this worker holds send `rate`
 * messages/s in all for `seconds`. Reports the deliveries received inside
 * the sending window, so a server that falls behind shows as fewer.
 */
async function send({
  rate,
  seconds,
  sendersPerRoom = 1,
  event = 'message:send',
}) {
  const byRoom = new Map();
  for (const client of clients) {
    if (!client.room) continue;
    const senders = byRoom.get(client.room) ?? [];
    if (senders.length < sendersPerRoom) senders.push(client);
    byRoom.set(client.room, senders);
  }
  const sending = [...byRoom.values()].flat();
  const interval = 1000 / (rate / sending.length);
  const started = now();
  const until = started + seconds * 1000;
  const deliveriesBefore = deliveries;
  let deliveriesAtEnd = deliveries;
  const windowEnd = setTimeout(
    () => (deliveriesAtEnd = deliveries),
    seconds * 1000,
  );
  await Promise.all(
    sending.map(async ({ socket, room }, i) => {
      // Reactions toggle 👍 on a message of the sender's own, on and off.
      const target =
        event === 'message:react'
          ? (await socket.emitWithAck('message:send', { room, text: 'react' }))
              .data.message.id
          : null;
      let toggles = 0;
      const payload = (sentAt) =>
        target
          ? { room, id: target, emoji: '👍', on: toggles++ % 2 === 0 }
          : { room, text: String(sentAt) };
      await new Promise((r) => setTimeout(r, (interval / sending.length) * i));
      let next = now();
      while (now() < until) {
        const sentAt = now();
        socket
          .timeout(10_000)
          .emitWithAck(event, payload(sentAt))
          .then(
            (answer) => answer?.ok && ackLatencies.push(now() - sentAt),
            () => undefined,
          );
        next += interval;
        const wait = next - now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }),
  );
  await new Promise((r) => setTimeout(r, 500));
  clearTimeout(windowEnd);
  return { windowDeliveries: deliveriesAtEnd - deliveriesBefore };
}

process.on('message', async ({ id, command, args }) => {
  try {
    let result;
    if (command === 'connect') result = await connect(args);
    else if (command === 'send') result = await send(args);
    else if (command === 'collect') {
      result = { deliveries, deliveryLatencies, ackLatencies, handshakes };
      deliveries = 0;
      deliveryLatencies = [];
      ackLatencies = [];
      handshakes = [];
    } else if (command === 'close') {
      for (const { socket } of clients) socket.disconnect();
      clients = [];
      result = {};
    }
    process.send({ id, result });
  } catch (error) {
    process.send({ id, error: String(error) });
  }
});
