// `node bench/webhook-post-cost.mjs`: what one webhook POST and its 204
// cost the sender in CPU on this machine, at 2,000 requests/s paced like
// the bench's sends, over loopback to a receiver in another process: Node's
// `http` with a keep-alive agent (what the module uses) and a raw kept-alive
// TCP socket writing the request by hand (the floor: no HTTP client).
// Run it pinned to a core as the bench's server is: `taskset -c 0 node …`.
import { fork } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

const PORT = 3961;
const COUNT = 20_000;
const BODY = JSON.stringify({ type: 'message.new', text: 'x'.repeat(200) });

if (process.argv[2] === 'receiver') {
  http
    .createServer((q, r) => q.resume().on('end', () => r.writeHead(204).end()))
    .listen(PORT, '127.0.0.1', () => process.send('ready'));
} else {
  const receiver = fork(new URL(import.meta.url).pathname, ['receiver']);
  await new Promise((resolve) => receiver.once('message', resolve));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const viaHttp = () =>
    new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: PORT,
          path: '/hooks',
          method: 'POST',
          agent,
        },
        (response) => response.resume().on('end', resolve),
      );
      request.on('error', reject);
      request.end(BODY);
    });
  const socket = net.connect(PORT, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let answered = null;
  socket.on('data', () => answered?.());
  const raw = `POST /hooks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`;
  const viaRawSocket = () =>
    new Promise((resolve) => {
      answered = resolve;
      socket.write(raw);
    });
  for (const [name, post] of [
    ['http, keep-alive agent', viaHttp],
    ['raw TCP socket', viaRawSocket],
  ]) {
    for (let i = 0; i < 2000; i++) await post(); // warm-up
    const before = process.cpuUsage();
    for (let sent = 0; sent < COUNT; sent += 2) {
      await Promise.all([post(), new Promise((r) => setTimeout(r, 1))]);
      await post();
    }
    const { user, system } = process.cpuUsage(before);
    console.log(
      `${name}: ${((user + system) / COUNT).toFixed(1)} µs CPU per request (user ${(user / COUNT).toFixed(1)})`,
    );
  }
  socket.destroy();
  agent.destroy();
  receiver.kill();
}
