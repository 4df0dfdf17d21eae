import type {
  ChatModuleOptions,
  ResolvedChatOptions,
} from './chat-options.interface.js';
import { DEFAULTS } from './chat.constants.js';
import { originPolicy } from '../transport/cors.js';
import { SignedTokens } from '../transport/signed-tokens.js';
import { webhookEndpoint } from '../notifications/webhook-endpoint.js';

/** Token of the Redis client (`null` without the `redis` option). */
export const CHAT_REDIS = Symbol('CHAT_REDIS');

/** Token of the PostgreSQL pool (`null` without the `database` option), migrated at start. */
export const CHAT_DATABASE = Symbol('CHAT_DATABASE');

/** What the host asked the module to mount or start beside the gateways. */
export interface ChatExtras {
  isGlobal: boolean;
  /** `GET /`: the demo chat page. */
  demoPage: boolean;
  /** `GET /metrics`, and Node's process metrics in the chat's registry. */
  metrics: boolean;
  /** `GET /health` and the `/api/rooms` routes (behind the admin token). */
  http: boolean;
  /** `GET /asyncapi.json`: the AsyncAPI 3.0 document of both namespaces. */
  docs: boolean;
}

/** Token of the extras (`ChatExtras`). */
export const CHAT_EXTRAS = Symbol('CHAT_EXTRAS');

/** Token of the options with every default applied. */
export const CHAT_OPTIONS = Symbol('CHAT_OPTIONS');

/** Numeric options and their smallest allowed value. */
const INTEGER_MINIMUMS = {
  pingIntervalMs: 1,
  pingTimeoutMs: 1,
  historyLimit: 1,
  maxTextLength: 1,
  rateLimit: 0,
  rateLimitWindowMs: 1,
  maxRoomsPerSocket: 1,
  recoveryWindowMs: 0,
  addressRateLimit: 0,
  eventRateLimit: 0,
  maxEventsInFlight: 1,
  maxBufferedBytes: 1024,
  maxHistoryPageBytes: 1024,
  maxConnectionsPerAddress: 0,
  connectionRateLimit: 0,
  trustProxy: 0,
  recoveryBufferPackets: 1,
} as const;

/** Default retention of durable history: 30 days. */
export const DEFAULT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** Without its own value, the per-address message budget is this many users' worth. */
const ADDRESS_RATE_FACTOR = 5;

/** Applies the defaults and refuses a bad option at start, naming it. */
export function resolveChatOptions(
  options: ChatModuleOptions,
): ResolvedChatOptions {
  for (const [name, minimum] of Object.entries(INTEGER_MINIMUMS)) {
    const value = options[name as keyof typeof INTEGER_MINIMUMS];
    if (value !== undefined && !(Number.isInteger(value) && value >= minimum)) {
      throw new Error(
        `ChatModule option ${name} must be an integer >= ${minimum}, got ${value}`,
      );
    }
  }
  const retention = options.database?.retentionMs;
  if (
    retention !== undefined &&
    !(Number.isSafeInteger(retention) && retention >= 0)
  ) {
    throw new Error(
      `ChatModule option database.retentionMs must be an integer >= 0, got ${retention}`,
    );
  }
  const tokens = options.jwt ? SignedTokens.from(options.jwt) : null;
  const corsOrigins = options.corsOrigins ?? [...DEFAULTS.corsOrigins];
  originPolicy(corsOrigins);
  const rateLimit = options.rateLimit ?? DEFAULTS.rateLimit;
  return {
    corsOrigins,
    path: options.path ?? DEFAULTS.path,
    pingIntervalMs: options.pingIntervalMs ?? DEFAULTS.pingIntervalMs,
    pingTimeoutMs: options.pingTimeoutMs ?? DEFAULTS.pingTimeoutMs,
    historyLimit: options.historyLimit ?? DEFAULTS.historyLimit,
    maxTextLength: options.maxTextLength ?? DEFAULTS.maxTextLength,
    rateLimit,
    addressRateLimit:
      rateLimit === 0
        ? 0
        : (options.addressRateLimit ?? rateLimit * ADDRESS_RATE_FACTOR),
    eventRateLimit: options.eventRateLimit ?? DEFAULTS.eventRateLimit,
    rateLimitWindowMs: options.rateLimitWindowMs ?? DEFAULTS.rateLimitWindowMs,
    maxEventsInFlight: options.maxEventsInFlight ?? DEFAULTS.maxEventsInFlight,
    maxBufferedBytes: options.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes,
    maxHistoryPageBytes:
      options.maxHistoryPageBytes ?? DEFAULTS.maxHistoryPageBytes,
    maxConnectionsPerAddress:
      options.maxConnectionsPerAddress ?? DEFAULTS.maxConnectionsPerAddress,
    connectionRateLimit:
      options.connectionRateLimit ?? DEFAULTS.connectionRateLimit,
    connectionLimitExempt: new Set(
      options.connectionLimitExempt ?? DEFAULTS.connectionLimitExempt,
    ),
    trustProxy: options.trustProxy ?? DEFAULTS.trustProxy,
    recoveryBufferPackets:
      options.recoveryBufferPackets ?? DEFAULTS.recoveryBufferPackets,
    maxRoomsPerSocket: options.maxRoomsPerSocket ?? DEFAULTS.maxRoomsPerSocket,
    recoveryWindowMs: options.recoveryWindowMs ?? DEFAULTS.recoveryWindowMs,
    adminToken: options.adminToken || undefined,
    redis: options.redis,
    database: options.database,
    adminUi: options.adminUi,
    // A host's own authentication first; else signed tokens when configured.
    authenticate: options.authenticate ?? tokens?.authenticate,
    tokens: options.authenticate ? null : tokens,
    policy: options.policy,
    fastPath: options.fastPath ?? true,
    logConnections: options.logConnections ?? false,
    webhook: options.webhook ? webhookEndpoint(options.webhook) : null,
  };
}
