import { Logger } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';

export interface ChatRedisOptions {
  /** `redis://host:port/db`; several instances with the same URL and prefix share one chat. */
  url: string;
  /** Prefix of every key and stream (default `chat:`). */
  keyPrefix?: string;
  /** Connection attempts at start before giving up (default 5, a few seconds). */
  startAttempts?: number;
  /** How often an instance says it is alive and looks for dead ones (default 5 s). */
  heartbeatMs?: number;
  /** How long a silent instance counts as alive before its sockets are removed (default 15 s). */
  instanceTtlMs?: number;
  /** Messages kept in memory while Redis is away, written once it is back (default 1,000). */
  maxPendingHistory?: number;
}

const RETRY_CAP_MS = 2000;

/**
 * Options for a blocking reader beside the chat's client (the Socket.IO
 * adapter's stream and pub/sub connections): it waits for Redis to come back
 * instead of failing in a tight loop.
 */
export const BLOCKING_READER_OPTIONS: Partial<RedisOptions> = {
  enableOfflineQueue: true,
  maxRetriesPerRequest: null,
  retryStrategy: (attempt) => Math.min(attempt * 250, RETRY_CAP_MS),
};

/** Hides the password of a Redis URL in logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}

/**
 * Connects to Redis for the chat. At start the attempts are bounded, so a
 * missing Redis is a clear error, not a hang; once connected, the client
 * retries forever and says once that Redis is gone and once that it is back.
 * Commands fail at once while Redis is away (no offline queue), so the chat
 * keeps serving its local clients instead of waiting.
 */
export async function connectRedis(options: ChatRedisOptions): Promise<Redis> {
  const logger = new Logger('ChatRedis');
  const where = redactUrl(options.url);
  const startAttempts = options.startAttempts ?? 5;
  let connected = false;
  let lost = false;
  const clientOptions: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 5000,
    retryStrategy: (attempt) =>
      !connected && attempt >= startAttempts
        ? null
        : Math.min(attempt * 250, RETRY_CAP_MS),
  };
  const client = new Redis(options.url, clientOptions);
  client.on('error', (error: Error) => {
    if (connected && !lost) {
      lost = true;
      logger.error(
        `Lost Redis at ${where}: ${error.message}; serving local clients until it is back`,
      );
    }
  });
  client.on('ready', () => {
    if (lost) logger.log(`Redis at ${where} is back`);
    lost = false;
  });

  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('end', () =>
      reject(
        new Error(
          `Redis at ${where} did not answer after ${startAttempts} attempts`,
        ),
      ),
    );
    client.connect().catch(() => undefined);
  });
  connected = true;
  return client;
}
