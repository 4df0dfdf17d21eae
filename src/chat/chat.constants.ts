export const CHAT_NAMESPACE = '/chat';
export const ADMIN_NAMESPACE = '/admin';

/** A client-chosen room name (PROTOCOL.md, "Rules"). */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export const NICKNAME_MAX_LENGTH = 32;
export const SYSTEM_MEMBER = Object.freeze({
  userId: 'system',
  nickname: 'system',
});

/** Payloads over this are refused by the transport (`maxHttpBufferSize`). */
export const MAX_PAYLOAD_BYTES = 100_000;

export const DEFAULTS = Object.freeze({
  path: '/socket.io',
  corsOrigins: ['http://localhost:3000'] as readonly string[],
  pingIntervalMs: 25_000,
  pingTimeoutMs: 20_000,
  historyLimit: 100,
  maxTextLength: 2000,
  rateLimit: 20,
  rateLimitWindowMs: 10_000,
  maxRoomsPerSocket: 50,
  recoveryWindowMs: 120_000,
});
