import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { CHAT_DATABASE, CHAT_REDIS } from '../module/chat-options.js';
import { ConnectionRegistry } from './connection-registry.js';
import { SQL } from '../stores/postgres/sql.js';

/** How long a dependency may take to answer a health check. */
const CHECK_TIMEOUT_MS = 1000;

export type DependencyStatus = 'up' | 'down';

/** What the chat reports of itself; `redis` and `postgres` only when configured. */
export interface ChatHealthDetails {
  status: DependencyStatus;
  /** `/chat` sockets on this instance. */
  connections: number;
  redis?: DependencyStatus;
  postgres?: DependencyStatus;
}

/**
 * `{ [key]: details }`: the shape of `@nestjs/terminus`'s
 * `HealthIndicatorResult`, so `HealthCheckService.check` takes it as is
 * (a `down` status makes the check fail with `503`).
 */
export type ChatHealthResult<Key extends string = string> = Record<
  Key,
  ChatHealthDetails
>;

/**
 * The chat's dependencies for a host's health checks: Redis and PostgreSQL
 * reachability (each answers within 1 s, or counts as down) and this
 * instance's connection count. Usable with `@nestjs/terminus`:
 * `health.check([() => chatHealth.check('chat')])`; no terminus import here.
 */
@Injectable()
export class ChatHealthIndicator {
  constructor(
    @Inject(CHAT_REDIS) private readonly redis: Redis | null,
    @Inject(CHAT_DATABASE) private readonly database: pg.Pool | null,
    private readonly registry: ConnectionRegistry,
  ) {}

  async check<const Key extends string = 'chat'>(
    key: Key = 'chat' as Key,
  ): Promise<ChatHealthResult<Key>> {
    const [redis, postgres] = await Promise.all([
      this.redis ? answers(this.redis.ping()) : undefined,
      this.database ? answers(this.database.query(SQL.ping)) : undefined,
    ]);
    const details: ChatHealthDetails = {
      status: redis === 'down' || postgres === 'down' ? 'down' : 'up',
      connections: this.registry.size,
    };
    if (redis) details.redis = redis;
    if (postgres) details.postgres = postgres;
    return { [key]: details } as ChatHealthResult<Key>;
  }
}

/** `up` when `work` succeeds within the check's timeout. */
async function answers(work: Promise<unknown>): Promise<DependencyStatus> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  work.catch(() => undefined);
  try {
    await Promise.race([work, timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
