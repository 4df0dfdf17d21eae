import type { ChatModuleOptions } from '../chat/index.js';
import { jwtOptionsFrom, list, type Environment } from './environment.js';

/** The variables the chat module reads (the rest are the server's: port, host, logs). */
export const CHAT_ENV_KEYS = [
  'CHAT_PATH',
  'CHAT_CORS_ORIGINS',
  'CHAT_HISTORY_LIMIT',
  'CHAT_MAX_TEXT',
  'CHAT_RATE_LIMIT',
  'CHAT_ADDRESS_RATE_LIMIT',
  'CHAT_EVENT_RATE_LIMIT',
  'CHAT_MAX_EVENTS_IN_FLIGHT',
  'CHAT_MAX_BUFFERED_BYTES',
  'CHAT_MAX_HISTORY_PAGE_BYTES',
  'CHAT_MAX_CONNECTIONS_PER_ADDRESS',
  'CHAT_CONNECTION_RATE_LIMIT',
  'CHAT_CONNECTION_LIMIT_EXEMPT',
  'CHAT_TRUST_PROXY',
  'CHAT_RECOVERY_WINDOW_MS',
  'CHAT_RECOVERY_BUFFER_PACKETS',
  'ADMIN_TOKEN',
  'REDIS_URL',
  'CHAT_REDIS_PREFIX',
  'DATABASE_URL',
  'CHAT_RETENTION_MS',
  'CHAT_ADMIN_UI',
  'CHAT_ADMIN_UI_USERNAME',
  'CHAT_ADMIN_UI_PASSWORD_HASH',
  'CHAT_JWT_SECRET',
  'CHAT_JWT_PUBLIC_KEY',
  'CHAT_JWT_ISSUER',
  'CHAT_JWT_AUDIENCE',
  'CHAT_WEBHOOK_URL',
  'CHAT_WEBHOOK_SECRET',
] as const satisfies readonly (keyof Environment)[];

export type ChatEnvironment = Pick<Environment, (typeof CHAT_ENV_KEYS)[number]>;

export function chatOptionsFrom(env: ChatEnvironment): ChatModuleOptions {
  return {
    path: env.CHAT_PATH,
    corsOrigins: list(env.CHAT_CORS_ORIGINS),
    historyLimit: env.CHAT_HISTORY_LIMIT,
    maxTextLength: env.CHAT_MAX_TEXT,
    rateLimit: env.CHAT_RATE_LIMIT,
    addressRateLimit: env.CHAT_ADDRESS_RATE_LIMIT,
    eventRateLimit: env.CHAT_EVENT_RATE_LIMIT,
    maxEventsInFlight: env.CHAT_MAX_EVENTS_IN_FLIGHT,
    maxBufferedBytes: env.CHAT_MAX_BUFFERED_BYTES,
    maxHistoryPageBytes: env.CHAT_MAX_HISTORY_PAGE_BYTES,
    maxConnectionsPerAddress: env.CHAT_MAX_CONNECTIONS_PER_ADDRESS,
    connectionRateLimit: env.CHAT_CONNECTION_RATE_LIMIT,
    connectionLimitExempt: list(env.CHAT_CONNECTION_LIMIT_EXEMPT),
    trustProxy: env.CHAT_TRUST_PROXY,
    recoveryWindowMs: env.CHAT_RECOVERY_WINDOW_MS,
    recoveryBufferPackets: env.CHAT_RECOVERY_BUFFER_PACKETS,
    adminToken: env.ADMIN_TOKEN,
    // Shown with LOG_LEVEL=verbose.
    logConnections: true,
    jwt: jwtOptionsFrom(env),
    webhook:
      env.CHAT_WEBHOOK_URL && env.CHAT_WEBHOOK_SECRET
        ? { url: env.CHAT_WEBHOOK_URL, secret: env.CHAT_WEBHOOK_SECRET }
        : undefined,
    redis: env.REDIS_URL
      ? { url: env.REDIS_URL, keyPrefix: env.CHAT_REDIS_PREFIX }
      : undefined,
    database: env.DATABASE_URL
      ? { url: env.DATABASE_URL, retentionMs: env.CHAT_RETENTION_MS }
      : undefined,
    adminUi:
      env.CHAT_ADMIN_UI === '1' && env.CHAT_ADMIN_UI_PASSWORD_HASH
        ? {
            username: env.CHAT_ADMIN_UI_USERNAME,
            passwordHash: env.CHAT_ADMIN_UI_PASSWORD_HASH,
          }
        : undefined,
  };
}
