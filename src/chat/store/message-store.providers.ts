import type { Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { CHAT_MODULE_OPTIONS } from '../chat.module-definition.js';
import {
  CHAT_DATABASE,
  CHAT_OPTIONS,
  CHAT_REDIS,
  DEFAULT_RETENTION_MS,
} from '../chat-options.js';
import type {
  ChatModuleOptions,
  ResolvedChatOptions,
} from '../chat-options.interface.js';
import { MemoryMessageStore } from './memory-message.store.js';
import { MemoryModerationStore } from './memory-moderation.store.js';
import { MemoryRoomsStore } from './memory-rooms.store.js';
import { ModerationStore } from './moderation-store.interface.js';
import { PostgresModerationStore } from './postgres/postgres-moderation.store.js';
import { RedisModerationStore } from './redis-moderation.store.js';
import { MessageStore } from './message-store.interface.js';
import { migrate } from './postgres/migrations.js';
import { connectPostgres } from './postgres/postgres-connection.js';
import { PostgresMessageStore } from './postgres/postgres-message.store.js';
import { RedisMessageStore } from './redis-message.store.js';
import { RoomsStore } from './rooms-store.interface.js';

const PRUNE_INTERVAL_MS = 60_000;

/** The PostgreSQL pool, and the message and moderation stores the options ask for. */
export const messageStoreProviders: Provider[] = [
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
        });
      }
      if (redis) {
        return new RedisMessageStore(
          redis,
          options.historyLimit,
          options.redis?.keyPrefix,
        );
      }
      return new MemoryMessageStore(
        options.historyLimit,
        rooms instanceof MemoryRoomsStore ? rooms : undefined,
      );
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
    ): ModerationStore => {
      if (pool) return new PostgresModerationStore(pool);
      if (redis)
        return new RedisModerationStore(redis, options.redis?.keyPrefix);
      return new MemoryModerationStore();
    },
    inject: [CHAT_OPTIONS, CHAT_DATABASE, CHAT_REDIS],
  },
];
