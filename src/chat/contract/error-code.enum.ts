/** The contract's error codes (PROTOCOL.md, "Acknowledgements and errors"). */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  NotInRoom = 'NOT_IN_ROOM',
  NotFound = 'NOT_FOUND',
  RateLimited = 'RATE_LIMITED',
  RoomLimit = 'ROOM_LIMIT',
  Unauthorized = 'UNAUTHORIZED',
  /** The room's access rules refuse it: a ban or mute, the host's room policy, a guard, or another user's message. */
  Forbidden = 'FORBIDDEN',
  /** The durable store could not commit or read (database or Redis away); a retry with the same `clientMessageId` cannot duplicate. */
  Unavailable = 'UNAVAILABLE',
  /** Not in the contract's table: an unexpected server fault, logged server-side. */
  Internal = 'INTERNAL_ERROR',
}

/** Exhaustive by type: adding a code without a message does not compile. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  [ErrorCode.ValidationFailed]: 'The payload is invalid',
  [ErrorCode.NotInRoom]: 'You have not joined this room',
  [ErrorCode.NotFound]: 'That user is not connected',
  [ErrorCode.RateLimited]: 'Too many messages; slow down',
  [ErrorCode.RoomLimit]: 'You have joined too many rooms',
  [ErrorCode.Unauthorized]: 'Not authorized',
  [ErrorCode.Forbidden]: 'Not allowed in this room',
  [ErrorCode.Unavailable]:
    'The message store is unavailable; nothing was stored, try again',
  [ErrorCode.Internal]: 'Internal server error',
};

/** Handshake refusals, carried as `connect_error` `message`. */
export enum HandshakeError {
  InvalidHandshake = 'INVALID_HANDSHAKE',
  Unauthorized = 'UNAUTHORIZED',
  /** A signed-in user's rooms could not be read (the store is away): try again. */
  Unavailable = 'UNAVAILABLE',
}
