import type { Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { CHAT_MODULE_OPTIONS } from './chat.module-definition.js';
import {
  CHAT_DATABASE,
  CHAT_OPTIONS,
  CHAT_REDIS,
  DEFAULT_RETENTION_MS,
} from './chat-options.js';
import type {
  ChatModuleOptions,
  ResolvedChatOptions,
} from './chat-options.interface.js';
import { MemoryMessageStore } from '../stores/memory/memory-message.store.js';
import { MemoryModerationStore } from '../stores/memory/memory-moderation.store.js';
import { MemoryRoomsStore } from '../stores/memory/memory-rooms.store.js';
import { ModerationStore } from '../stores/moderation-store.interface.js';
import { PostgresModerationStore } from '../stores/postgres/postgres-moderation.store.js';
import { RedisModerationStore } from '../stores/redis/redis-moderation.store.js';
import { MessageStore } from '../stores/message-store.interface.js';
import { MessageSearch } from '../stores/message-search.interface.js';
import { InboxReader } from '../stores/inbox-reader.interface.js';
import { MemberStore } from '../stores/member-store.interface.js';
import { MemoryMemberStore } from '../stores/memory/memory-member.store.js';
import { PerRoomInboxReader } from '../stores/per-room-inbox.reader.js';
import { PostgresMemberStore } from '../stores/postgres/postgres-member.store.js';
import { RedisMemberStore } from '../stores/redis/redis-member.store.js';
import { ReactionStore } from '../stores/reaction-store.interface.js';
import { MemoryReactionStore } from '../stores/memory/memory-reaction.store.js';
import { PostgresReactionStore } from '../stores/postgres/postgres-reaction.store.js';
import { RedisReactionStore } from '../stores/redis/redis-reaction.store.js';
import { WindowMessageSearch } from '../stores/window-message.search.js';
import { migrate } from '../stores/postgres/migrations.js';
import { connectPostgres } from '../stores/postgres/postgres-connection.js';
import { PostgresMessageStore } from '../stores/postgres/postgres-message.store.js';
import { outboxLeaseMs } from '../notifications/retry-schedule.js';
import { RedisMessageStore } from '../stores/redis/redis-message.store.js';
import { RoomsStore } from '../stores/rooms-store.interface.js';
import { connectRedis, redactUrl } from '../stores/redis/redis-connection.js';
import { RedisRoomsStore } from '../stores/redis/redis-rooms.store.js';

const PRUNE_INTERVAL_MS = 60_000;

/**
 * Every store, chosen here and nowhere else: the Redis client and the
 * PostgreSQL pool the options ask for (each `null` without its option),
 * then the rooms, message and moderation stores on top of them — a host's
 * own `store` / `messageStore` first, else PostgreSQL (`database`), else
 * Redis (`redis`), else in process.
 */
export const storeProviders: Provider[] = [
  {
    provide: CHAT_REDIS,
    useFactory: (options: ChatModuleOptions) =>
      options.redis ? connectRedis(options.redis) : null,
    inject: [CHAT_MODULE_OPTIONS],
  },
  {
    provide: RoomsStore,
    useFactory: (options: ChatModuleOptions, redis: Redis | null) =>
      options.store ??
      (redis
        ? new RedisRoomsStore(redis, options.redis)
        : new MemoryRoomsStore()),
    inject: [CHAT_MODULE_OPTIONS, CHAT_REDIS],
  },
  {
    provide: CHAT_DATABASE,
    useFactory: async (options: ChatModuleOptions) => {
      if (!options.database) return null;
      const pool = await connectPostgres(options.database);
      try {
        await migrate(options.database.url);
      } catch (error) {
        await pool.end();
        throw error;
      }
      return pool;
    },
    inject: [CHAT_MODULE_OPTIONS],
  },
  {
    provide: MessageStore,
    useFactory: (
      given: ChatModuleOptions,
      options: ResolvedChatOptions,
      pool: pg.Pool | null,
      redis: Redis | null,
      rooms: RoomsStore,
    ): MessageStore => {
      if (given.messageStore) return given.messageStore;
      if (pool && options.database) {
        return new PostgresMessageStore(pool, {
          retentionMs: options.database.retentionMs ?? DEFAULT_RETENTION_MS,
          pruneIntervalMs:
            options.database.pruneIntervalMs ?? PRUNE_INTERVAL_MS,
          outbox: options.webhook
            ? { leaseMs: outboxLeaseMs(options.webhook.timeoutMs) }
            : undefined,
        });
      }
      if (redis) {
        return new RedisMessageStore(
          redis,
          options.historyLimit,
          options.redis?.keyPrefix,
        );
      }
      return new MemoryMessageStore(options.historyLimit, rooms.liveRooms);
    },
    inject: [
      CHAT_MODULE_OPTIONS,
      CHAT_OPTIONS,
      CHAT_DATABASE,
      CHAT_REDIS,
      RoomsStore,
    ],
  },
  {
    provide: ModerationStore,
    useFactory: (
      options: ResolvedChatOptions,
      pool: pg.Pool | null,
      redis: Redis | null,
    ): ModerationStore =>
      sharedStore<ModerationStore>(pool, redis, {
        postgres: (db) => new PostgresModerationStore(db),
        redis: (client) =>
          new RedisModerationStore(client, options.redis?.keyPrefix),
        memory: () => new MemoryModerationStore(),
      }),
    inject: [CHAT_OPTIONS, CHAT_DATABASE, CHAT_REDIS],
  },
  {
    // Memberships of signed-in users: where the history is durable, else shared.
    provide: MemberStore,
    useFactory: (
      options: ResolvedChatOptions,
      pool: pg.Pool | null,
      redis: Redis | null,
    ): MemberStore =>
      sharedStore<MemberStore>(pool, redis, {
        postgres: (db) => new PostgresMemberStore(db),
        redis: (client) =>
          new RedisMemberStore(client, options.redis?.keyPrefix),
        memory: () => new MemoryMemberStore(),
      }),
    inject: [CHAT_OPTIONS, CHAT_DATABASE, CHAT_REDIS],
  },
  {
    // Beside the history: in its tables (PostgreSQL, unless the host keeps
    // the messages), else in Redis, else in memory (kept as the window is).
    provide: ReactionStore,
    useFactory: (
      given: ChatModuleOptions,
      options: ResolvedChatOptions,
      pool: pg.Pool | null,
      redis: Redis | null,
      rooms: RoomsStore,
    ): ReactionStore =>
      sharedStore<ReactionStore>(given.messageStore ? null : pool, redis, {
        postgres: (db) => new PostgresReactionStore(db),
        redis: (client) =>
          new RedisReactionStore(client, options.redis?.keyPrefix),
        memory: () =>
          new MemoryReactionStore(2 * options.historyLimit, rooms.liveRooms),
      }),
    inject: [
      CHAT_MODULE_OPTIONS,
      CHAT_OPTIONS,
      CHAT_DATABASE,
      CHAT_REDIS,
      RoomsStore,
    ],
  },
  {
    // The message store's own (one query over the tables); else per room.
    provide: InboxReader,
    useFactory: (messages: MessageStore, members: MemberStore): InboxReader =>
      messages.inbox ?? new PerRoomInboxReader(members, messages),
    inject: [MessageStore, MemberStore],
  },
  {
    // The store's own (PostgreSQL's index); else a scan of the kept window.
    provide: MessageSearch,
    useFactory: (
      options: ResolvedChatOptions,
      messages: MessageStore,
    ): MessageSearch =>
      messages.search ??
      new WindowMessageSearch(messages, options.historyLimit),
    inject: [CHAT_OPTIONS, MessageStore],
  },
];

/** A shared store where the options put shared state: PostgreSQL, else Redis, else this process. */
function sharedStore<T>(
  pool: pg.Pool | null,
  redis: Redis | null,
  make: {
    postgres: (pool: pg.Pool) => T;
    redis: (redis: Redis) => T;
    memory: () => T;
  },
): T {
  if (pool) return make.postgres(pool);
  if (redis) return make.redis(redis);
  return make.memory();
}

/**
 * The stores `storeProviders` chooses for these options, in words, for the
 * one start line (`ChatLifecycle`): no password, no token.
 */
export function describeStores(options: ChatModuleOptions): string {
  const redis = options.redis && `Redis ${redactUrl(options.redis.url)}`;
  const database =
    options.database && `PostgreSQL ${redactUrl(options.database.url)}`;
  const own = (store: object) => `the host's ${store.constructor.name}`;
  const rooms = options.store ? own(options.store) : (redis ?? 'memory');
  const history = options.messageStore
    ? own(options.messageStore)
    : (database ?? redis ?? 'memory');
  const shared = database ?? redis ?? 'memory';
  return `rooms and presence in ${rooms}, history in ${history}, members and bans in ${shared}`;
}
