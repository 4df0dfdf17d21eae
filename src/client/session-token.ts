/** A signed token, or where to get a fresh one (called for every connection and refresh). */
export type TokenSource = string | (() => string | Promise<string>);

/** How long before `exp` a token is refreshed (at most half its remaining life). */
const REFRESH_AHEAD_MS = 30_000;

/** The `exp` claim (Unix seconds) of a JWS compact token, read without verifying it. */
export function expiryOf(token: string): number | null {
  try {
    const part = token.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const { exp } = JSON.parse(json) as { exp?: unknown };
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}

/**
 * A signed-in client's token: asked for on every (re)connection, and sent
 * again with `session:refresh` before it expires, so that a long session
 * never drops. A string is used as is (it cannot be refreshed).
 */
export class SessionToken {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The token the latest connection attempt was made with. */
  private handedOver: string | undefined;

  constructor(
    private readonly source: TokenSource,
    private readonly refresh: (token: string) => Promise<unknown>,
  ) {}

  /** Socket.IO's `auth` as a function: a fresh token for each connection attempt. */
  handshake(extra: Record<string, unknown>) {
    return (callback: (auth: Record<string, unknown>) => void) => {
      this.current().then(
        (token) => {
          this.handedOver = token;
          callback({ ...extra, token });
        },
        // No token: the server refuses the handshake, which the client reports.
        () => callback({ ...extra }),
      );
    };
  }

  /** A session began: its token's refresh is scheduled (or, given, the refreshed one's). */
  scheduleFor(token = this.handedOver): void {
    this.stop();
    const exp = token === undefined ? null : expiryOf(token);
    if (exp === null || typeof this.source === 'string') return;
    const left = exp * 1000 - Date.now();
    const delay = Math.max(0, Math.min(left - REFRESH_AHEAD_MS, left / 2));
    this.timer = setTimeout(() => void this.renew(), delay);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The token now: the string, or what the function gives. */
  current(): Promise<string> {
    return Promise.resolve(
      typeof this.source === 'string' ? this.source : this.source(),
    );
  }

  private async renew(): Promise<void> {
    try {
      const token = await this.current();
      await this.refresh(token);
      this.scheduleFor(token);
    } catch {
      // Refused or not answered: the server ends the session at exp, and
      // the next connection asks for a fresh token.
    }
  }
}
