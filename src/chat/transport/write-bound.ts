import type { Server } from 'socket.io';

/** What this file reads of an Engine.IO connection and its transport. */
interface EngineConnection {
  transport?: { socket?: WebSocketLike };
  /** Packets not yet handed to the transport; a new array after each hand-over. */
  writeBuffer: readonly unknown[];
  close(discard?: boolean): void;
  on(event: 'packetCreate', listener: PacketListener): void;
  [PENDING]: number;
  [HANDED_OVER]: number;
  [CLOSED]?: true;
}
/** The `ws` socket of a WebSocket transport. */
interface WebSocketLike {
  bufferedAmount?: number;
  close?(code: number, reason: string): void;
  terminate?(): void;
}
type PacketListener = (
  this: EngineConnection,
  packet: { data?: unknown },
) => void;

/**
 * Bytes of the packets created since the write buffer was last seen empty
 * (each with a frame header): what it holds.
 */
const PENDING = Symbol('chat:pendingBytes');
/** At least what the WebSocket still buffers: what was handed to it since it was last read. */
const HANDED_OVER = Symbol('chat:handedOverBytes');
const CLOSED = Symbol('chat:closedAsSlow');

/** A WebSocket frame's header, at most: counted with each packet. */
const MAX_FRAME_HEADER = 10;

/** WebSocket close code and reason a slow client is closed with (4000–4999: for applications). */
export const SLOW_CONSUMER_CLOSE = { code: 4008, reason: 'SLOW_CONSUMER' };
/** How long a closed slow client's last bytes may wait before its socket is destroyed. */
const CLOSE_GRACE_MS = 1000;

const sizeOf = (data: unknown): number =>
  typeof data === 'string'
    ? data.length
    : ((data as { byteLength?: number } | undefined)?.byteLength ?? 0);

/**
 * Bounds the bytes waiting to be written to each connection: Engine.IO's
 * write buffer (packets not yet handed to the transport, e.g. while a
 * WebSocket write is pending or no polling request is open) plus the
 * WebSocket's own buffer. A client that does not read would otherwise make
 * the server hold everything sent to it. Over `maxBytes`, the pending
 * packets are dropped and the connection is closed (WebSocket close code
 * 4008 `SLOW_CONSUMER` after what was already written).
 */
export function boundPendingWrites(
  server: Server,
  maxBytes: number,
  onClosed: () => void,
): void {
  const onPacketCreate: PacketListener = function (packet) {
    // Emitted before the packet joins the write buffer: an empty buffer
    // means every packet counted as pending has been handed over since.
    // (One listener per packet, none per hand-over: BENCHMARKS.md, "Levers".)
    if (this.writeBuffer.length === 0) {
      this[HANDED_OVER] += this[PENDING];
      this[PENDING] = 0;
    }
    this[PENDING] += sizeOf(packet.data) + MAX_FRAME_HEADER;
    // The WebSocket's buffer (a getter chain) is read only when the bytes
    // handed to it since the last reading could put the client over.
    if (this[PENDING] + this[HANDED_OVER] <= maxBytes) return;
    this[HANDED_OVER] = this.transport?.socket?.bufferedAmount ?? 0;
    if (this[PENDING] + this[HANDED_OVER] > maxBytes && !this[CLOSED]) {
      this[CLOSED] = true;
      closeSlow(this);
      onClosed();
    }
  };
  server.engine.on('connection', (connection: EngineConnection) => {
    connection[PENDING] = 0;
    connection[HANDED_OVER] = 0;
    connection.on('packetCreate', onPacketCreate);
  });
}

function closeSlow(connection: EngineConnection): void {
  const ws = connection.transport?.socket;
  // Before Engine.IO's own close, which would send a close frame without a reason.
  ws?.close?.(SLOW_CONSUMER_CLOSE.code, SLOW_CONSUMER_CLOSE.reason);
  connection.close(true);
  if (ws?.terminate) setTimeout(() => ws.terminate?.(), CLOSE_GRACE_MS).unref();
}
