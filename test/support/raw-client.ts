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
