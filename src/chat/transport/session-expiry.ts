import type { Socket } from 'socket.io';

/** The socket's expiry timer: one per socket with an expiry, none without. */
const TIMER = Symbol('chat:sessionExpiry');
type Expiring = Socket & { [TIMER]?: NodeJS.Timeout };

/** `setTimeout`'s longest delay; an expiry further away is waited for in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Disconnects the socket at `expiresAt` (epoch ms; reason `io server
 * disconnect`, not recoverable); `undefined` ends any expiry it had.
 */
export function expireAt(socket: Socket, expiresAt: number | undefined): void {
  const expiring = socket as Expiring;
  clearTimeout(expiring[TIMER]);
  delete expiring[TIMER];
  if (expiresAt === undefined) return;
  const check = () => {
    const left = expiresAt - Date.now();
    if (left <= 0) {
      delete expiring[TIMER];
      socket.disconnect(true);
      return;
    }
    expiring[TIMER] = setTimeout(check, Math.min(left, MAX_DELAY_MS));
    expiring[TIMER].unref();
  };
  check();
}
