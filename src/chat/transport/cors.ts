import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';

export interface OriginPolicy {
  /** Options for the `cors` middleware (Nest HTTP and the Socket.IO handshake). */
  cors: { origin: string | string[]; credentials: boolean };
  /** Whether a request from this Origin may open a connection. */
  allows(req: IncomingMessage): boolean;
}

/** Exactly what a browser sends as `Origin`: `scheme://host[:port]`. */
function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

/**
 * One allow-list for every door. `*` allows any origin without credentials
 * (browsers refuse `*` with credentials); a same-origin request is always
 * allowed, since it is not cross-origin at all.
 */
export function originPolicy(origins: readonly string[]): OriginPolicy {
  const any = origins.includes('*');
  if (any && origins.length > 1) {
    throw new Error(
      `CORS origins: "*" cannot be combined with other origins (got ${origins.join(',')})`,
    );
  }
  const notOrigins = origins.filter(
    (origin) => origin !== '*' && !isOrigin(origin),
  );
  if (notOrigins.length > 0) {
    throw new Error(
      `CORS origins: ${notOrigins.map((o) => JSON.stringify(o)).join(', ')} ${notOrigins.length > 1 ? 'are not origins' : 'is not an origin'} (scheme://host[:port], no path, no trailing slash): a browser would never match it`,
    );
  }
  const allowed = new Set(origins);
  return {
    cors: any
      ? { origin: '*', credentials: false }
      : { origin: [...origins], credentials: true },
    allows(req) {
      const origin = req.headers.origin;
      if (any || origin === undefined || allowed.has(origin)) return true;
      try {
        return new URL(origin).host === req.headers.host;
      } catch {
        return false;
      }
    },
  };
}

/**
 * The `cors` middleware for Engine.IO's HTTP requests (long-polling, its
 * handshake and preflights), passed over for WebSocket upgrades: browsers
 * apply no CORS to a WebSocket (`allows` checks its Origin), so a
 * WebSocket handshake does no header work and its 101 carries none.
 */
export function pollingCors(options: OriginPolicy['cors']) {
  const middleware = cors(options);
  return (
    req: IncomingMessage,
    res: ServerResponse,
    next: (error?: unknown) => void,
  ) =>
    req.headers.upgrade === undefined ? middleware(req, res, next) : next();
}
