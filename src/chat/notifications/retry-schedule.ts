/** The first retry waits about this long; each next one twice as long. */
export const FIRST_RETRY_MS = 2000;
/** The longest wait between two attempts. */
const MAX_DELAY_MS = 60 * 60 * 1000;
/** An event not delivered this long after its message was accepted is given up (dead). */
export const KEPT_MS = 24 * 60 * 60 * 1000;

/**
 * When to try an event again after its `attempts`-th failure: exponential
 * backoff with jitter (half to all of the step, so instances that failed
 * together do not retry together), never before the receiver's
 * `Retry-After`; `null` when that would pass the 24 h an event is kept.
 * The first three attempts fall within 10 s.
 */
export function nextAttemptAt(
  acceptedAt: number,
  attempts: number,
  now: number,
  retryAfterMs?: number,
): number | null {
  const step = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_DELAY_MS);
  const backoff = step * (0.5 + Math.random() / 2);
  const at = Math.ceil(now + Math.max(backoff, retryAfterMs ?? 0));
  return at > acceptedAt + KEPT_MS ? null : at;
}

/** How long an instance holds an outbox row it sends: longer than an attempt (and the member read before it) can take. */
export const outboxLeaseMs = (timeoutMs: number) =>
  Math.max(15_000, 3 * timeoutMs);
