import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import { redactUrl } from '../redis/redis-connection.js';

export interface ChatDatabaseOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** Messages older than this are not returned and are deleted (default 30 days; 0 keeps everything). */
  retentionMs?: number;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Connection attempts at start before giving up (default 5, about 10 s). */
  startAttempts?: number;
  /** How often expired messages are deleted (default 1 minute). */
  pruneIntervalMs?: number;
}

/** Longest wait for a connection, then for a query: an outage answers within 5 s. */
export const CONNECT_TIMEOUT_MS = 2000;
export const QUERY_TIMEOUT_MS = 2500;

/**
 * A pool for the chat's PostgreSQL. At start the attempts are bounded, so an
 * unreachable database is a clear error, not a hang; later a failed query
 * fails fast and the pool connects again by itself.
 */
export async function connectPostgres(
  options: ChatDatabaseOptions,
): Promise<pg.Pool> {
  const logger = new Logger('ChatPostgres');
  const where = redactUrl(options.url);
  const attempts = options.startAttempts ?? 5;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    idleTimeoutMillis: 10_000,
    keepAlive: true,
    application_name: 'nest-chat-module',
  });
  // An idle connection that breaks (the server went away) must not crash
  // the process; the next query reports the outage.
  pool.on('error', (error) =>
    logger.debug(`An idle PostgreSQL connection closed: ${error.message}`),
  );
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await pool.query('SELECT 1');
      return pool;
    } catch (error) {
      lastError = error;
      if (attempt < attempts) await sleep(Math.min(attempt * 500, 2000));
    }
  }
  await pool.end().catch(() => undefined);
  const reason =
    lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(
    `PostgreSQL at ${where} did not answer after ${attempts} attempts (${reason || 'no answer'})`,
  );
}
