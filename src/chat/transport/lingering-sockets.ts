import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Bounds how long the chat's WebSockets can hold a shutdown. Socket.IO's
 * close sends each one a close frame, and `ws` then keeps the TCP
 * connection up to 30 s for the answer; `httpServer.close()`, and so
 * `app.close()`, waits for it. A client that never answers (or whose
 * upgrade completed as the server closed) held the process that long.
 * Once `cutAfter` is called, the upgraded connections still open `graceMs`
 * later are destroyed, and so is any upgrade that comes after that.
 */
export class LingeringSockets {
  private readonly open = new Set<Duplex>();
  private timer: NodeJS.Timeout | null = null;
  private cut = false;

  private readonly path: string;

  /** `path`: the Socket.IO path; Engine.IO serves what is under it. */
  constructor(path: string) {
    this.path = `${path.replace(/\/$/, '')}/`;
  }

  /** Follows the upgrades of Socket.IO's HTTP server on the chat's path. */
  track(httpServer: EventEmitter): void {
    const open = this.open;
    // One shared listener (a socket closes once), not a closure per connection.
    function closed(this: Duplex) {
      open.delete(this);
    }
    httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
      if (!req.url?.startsWith(this.path)) return;
      if (this.cut) {
        socket.destroy();
        return;
      }
      open.add(socket);
      socket.on('close', closed);
    });
  }

  /** Destroys, `graceMs` from now, what has not closed by then. */
  cutAfter(graceMs: number): void {
    this.timer ??= setTimeout(() => {
      this.cut = true;
      for (const socket of this.open) socket.destroy();
    }, graceMs).unref();
  }

  /** The server closed: nothing is left to cut. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
