import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { within } from './harness.js';

/**
 * A hand-driven Engine.IO 4 / Socket.IO 5 client over a raw WebSocket, on
 * `/chat`: what a hostile client controls and `socket.io-client` hides
 * (when to read its TCP socket, when to answer pings).
 */
export class RawChatSocket {
  private readonly acks = new Map<number, (data: unknown) => void>();
  private nextId = 1;
  /** Resolves with the WebSocket close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(private readonly ws: WebSocket) {
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) =>
        resolve({ code, reason: reason.toString() }),
      ),
    );
    ws.on('message', (raw: Buffer) => this.receive(raw.toString()));
  }

  /** Opens a WebSocket to the chat and joins the `/chat` namespace. */
  static async open(url: string, nickname = 'raw'): Promise<RawChatSocket> {
    const ws = new WebSocket(
      `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`,
    );
    const socket = new RawChatSocket(ws);
    const connected = new Promise<void>((resolve) => {
      const onMessage = (raw: Buffer) => {
        if (!raw.toString().startsWith('40/chat,')) return;
        ws.off('message', onMessage);
        resolve();
      };
      ws.on('message', onMessage);
    });
    await within(new Promise((resolve) => ws.once('open', resolve)));
    ws.send(`40/chat,${JSON.stringify({ nickname })}`);
    await within(connected);
    return socket;
  }

  /** Sends an event with an ack id; the ack's payload is `ack(id)`. */
  emit(event: string, payload: unknown): number {
    const id = this.nextId++;
    this.ws.send(`42/chat,${id}${JSON.stringify([event, payload])}`);
    return id;
  }

  /** The ack of the event sent with `id`. */
  ack(id: number): Promise<unknown> {
    return within(new Promise((resolve) => this.acks.set(id, resolve)), 5000);
  }

  /** Stops reading the TCP socket: the server's writes pile up. */
  pauseReading(): void {
    this.tcp().pause();
  }

  resumeReading(): void {
    this.tcp().resume();
  }

  close(): void {
    this.ws.terminate();
  }

  private tcp(): { pause(): void; resume(): void } {
    return (
      this.ws as unknown as { _socket: { pause(): void; resume(): void } }
    )._socket;
  }

  private receive(frame: string): void {
    if (frame === '2') {
      this.ws.send('3');
      return;
    }
    const ack = /^43\/chat,(\d+)(.*)$/s.exec(frame);
    if (!ack) return;
    const [payload] = JSON.parse(ack[2]) as unknown[];
    this.acks.get(Number(ack[1]))?.(payload);
    this.acks.delete(Number(ack[1]));
  }
}

/**
 * An Engine.IO WebSocket opened over a bare TCP socket that never sends a
 * frame: it answers no ping and not the server's close frame.
 */
export async function silentWebSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await within(
    new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    }),
  );
  socket.write(
    [
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
      `Host: ${hostname}:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      '\r\n',
    ].join('\r\n'),
  );
  const answer = await within(
    new Promise<Buffer>((resolve) => socket.once('data', resolve)),
  );
  if (!answer.toString().startsWith('HTTP/1.1 101'))
    throw new Error(`no upgrade: ${answer.toString().split('\r\n')[0]}`);
  socket.resume(); // what the server writes is read and ignored
  return socket;
}
