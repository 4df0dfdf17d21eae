// The soak's load (`npm run bench -- --soak`): a pool of clients that
// churns, sends at a steady rate, loses its transport and recovers, gets
// kicked and rejoins, and reads history pages — for as long as the soak
// runs. Driven over IPC: `start`, then `sample` once a minute, then `stop`.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const now = () => performance.now();
const ROOMS = 50;
const roomOf = (i) => `soak-${i % ROOMS}`;
const pick = (list) => list[Math.floor(Math.random() * list.length)];

let clients = [];
let admin = null;
let timers = [];
let opened = 0;
let ackLatencies = [];
const counts = {
  sent: 0,
  failed: 0,
  recovered: 0,
  kicked: 0,
  pages: 0,
  churned: 0,
};

function open(url) {
  const n = opened++;
  const socket = io(`${url}/chat`, {
    transports: ['websocket'],
    forceNew: true,
    auth: { nickname: `soak${n % 1000}` },
    reconnectionDelay: 100,
    reconnectionDelayMax: 1000,
  });
  const client = { socket, rooms: [roomOf(n), roomOf(n + 7)] };
  socket.on('connect', () => {
    if (socket.recovered) {
      counts.recovered++;
      return;
    }
    for (const room of client.rooms)
      socket.emit('room:join', { room }, () => undefined);
  });
  socket.on('room:kicked', ({ room }) => {
    counts.kicked++;
    setTimeout(() => socket.emit('room:join', { room }, () => undefined), 200);
  });
  clients.push(client);
  return client;
}

function every(ms, work) {
  timers.push(setInterval(work, ms));
}

function start({ url, adminToken, clients: size, rate }) {
  for (let i = 0; i < size; i++) open(url);
  admin = io(`${url}/admin`, {
    transports: ['websocket'],
    auth: { token: adminToken },
  });
  // Messages at a steady rate, from random clients into one of their rooms.
  every(1000 / rate, () => {
    const { socket, rooms } = pick(clients);
    if (!socket.connected) return;
    const sentAt = now();
    counts.sent++;
    socket
      .timeout(10_000)
      .emitWithAck('message:send', { room: pick(rooms), text: 'soak' })
      .then(
        (answer) =>
          answer?.ok ? ackLatencies.push(now() - sentAt) : counts.failed++,
        () => counts.failed++,
      );
  });
  // Churn: clients leave for good and new ones come.
  every(1000, () => {
    for (let i = 0; i < 3; i++) {
      const gone = clients.splice(
        Math.floor(Math.random() * clients.length),
        1,
      )[0];
      gone?.socket.disconnect();
      open(url);
      counts.churned++;
    }
  });
  // A transport lost: the client reconnects and recovers its session.
  every(2000, () => pick(clients).socket.io.engine?.close());
  // History pages, older ones too.
  every(500, () => {
    const { socket, rooms } = pick(clients);
    if (!socket.connected) return;
    socket
      .timeout(10_000)
      .emitWithAck('room:history', {
        room: pick(rooms),
        before: 1 + Math.floor(Math.random() * 1000),
        limit: 50,
      })
      .then(
        () => counts.pages++,
        () => undefined,
      );
  });
  // A kick from a room every few seconds; the client joins again.
  every(5000, () => {
    const { socket, rooms } = pick(clients);
    if (socket.connected && socket.id) {
      admin.emit(
        'admin:kick',
        { userId: socket.id, room: rooms[0] },
        () => undefined,
      );
    }
  });
}

function stop() {
  for (const timer of timers) clearInterval(timer);
  timers = [];
  for (const { socket } of clients) socket.disconnect();
  clients = [];
  admin?.disconnect();
}

process.on('message', ({ id, command, args }) => {
  let result = {};
  if (command === 'start') start(args);
  else if (command === 'stop') stop();
  else if (command === 'sample') {
    result = {
      ackLatencies,
      counts: { ...counts },
      connected: clients.filter((c) => c.socket.connected).length,
    };
    ackLatencies = [];
  }
  process.send({ id, result });
});
