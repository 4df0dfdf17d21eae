/**
 * A refused call: the contract's `code` (`VALIDATION_FAILED`, `NOT_IN_ROOM`,
 * `FORBIDDEN`, `UNAVAILABLE`, …, or `TIMEOUT` when no ack came in time),
 * its `message`, and `details` (field errors for `VALIDATION_FAILED`).
 */
export class ChatError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ChatError';
  }
}
