import type {
  ChatModuleOptions,
  ResolvedChatOptions,
} from './chat-options.interface.js';
import { DEFAULTS } from './chat.constants.js';
import { originPolicy } from './transport/cors.js';

/** Token of the Redis client (`null` without the `redis` option). */
export const CHAT_REDIS = Symbol('CHAT_REDIS');

/** Token of the options with every default applied. */
export const CHAT_OPTIONS = Symbol('CHAT_OPTIONS');

const POSITIVE_INTEGERS = [
  'pingIntervalMs',
  'pingTimeoutMs',
  'historyLimit',
  'maxTextLength',
  'rateLimitWindowMs',
  'maxRoomsPerSocket',
] as const;

/** Applies the defaults and refuses a bad option at start, naming it. */
export function resolveChatOptions(
  options: ChatModuleOptions,
): ResolvedChatOptions {
  for (const name of POSITIVE_INTEGERS) {
    const value = options[name];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw new Error(
        `ChatModule option ${name} must be a positive integer, got ${value}`,
      );
    }
  }
  const recovery = options.recoveryWindowMs;
  if (
    recovery !== undefined &&
    !(Number.isInteger(recovery) && recovery >= 0)
  ) {
    throw new Error(
      `ChatModule option recoveryWindowMs must be an integer >= 0, got ${recovery}`,
    );
  }
  const rateLimit = options.rateLimit;
  if (
    rateLimit !== undefined &&
    !(Number.isInteger(rateLimit) && rateLimit >= 0)
  ) {
    throw new Error(
      `ChatModule option rateLimit must be an integer >= 0, got ${rateLimit}`,
    );
  }
  const corsOrigins = options.corsOrigins ?? [...DEFAULTS.corsOrigins];
  originPolicy(corsOrigins);
  return {
    corsOrigins,
    path: options.path ?? DEFAULTS.path,
    pingIntervalMs: options.pingIntervalMs ?? DEFAULTS.pingIntervalMs,
    pingTimeoutMs: options.pingTimeoutMs ?? DEFAULTS.pingTimeoutMs,
    historyLimit: options.historyLimit ?? DEFAULTS.historyLimit,
    maxTextLength: options.maxTextLength ?? DEFAULTS.maxTextLength,
    rateLimit: options.rateLimit ?? DEFAULTS.rateLimit,
    rateLimitWindowMs: options.rateLimitWindowMs ?? DEFAULTS.rateLimitWindowMs,
    maxRoomsPerSocket: options.maxRoomsPerSocket ?? DEFAULTS.maxRoomsPerSocket,
    recoveryWindowMs: recovery ?? DEFAULTS.recoveryWindowMs,
    adminToken: options.adminToken || undefined,
    redis: options.redis,
    authenticate: options.authenticate,
  };
}
