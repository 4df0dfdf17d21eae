import { Redis } from 'ioredis';
import type pg from 'pg';
import {
  MemoryRoomsStore,
  RedisRoomsStore,
  type RoomsStore,
} from '../../src/index.js';
import { MemoryMessageStore } from '../../src/chat/stores/memory/memory-message.store.js';
import type { MessageStore } from '../../src/chat/stores/message-store.interface.js';
import { migrate } from '../../src/chat/stores/postgres/migrations.js';
import { connectPostgres } from '../../src/chat/stores/postgres/postgres-connection.js';
import { PostgresMessageStore } from '../../src/chat/stores/postgres/postgres-message.store.js';
import { RedisMessageStore } from '../../src/chat/stores/redis/redis-message.store.js';
import { describeWithPostgres, TestDatabase } from './postgres.js';
import {
  deleteKeys,
  describeWithRedis,
  freshPrefix,
  REDIS_URL,
} from './redis.js';

/** The history bound of the stores that keep a window. */
export const LIMIT = 100;

export interface StoresUnderTest {
  messages: MessageStore;
  /** Membership, which decides what a store that is not durable keeps. */
  rooms: RoomsStore;
  close(): Promise<void>;
}

/** A PostgreSQL store on a database of its own, migrated. */
export async function openPostgresStore(retentionMs = 0) {
  const database = await TestDatabase.create();
  await migrate(database.url);
  const pool: pg.Pool = await connectPostgres({ url: database.url });
  const store = new PostgresMessageStore(pool, {
    retentionMs,
    pruneIntervalMs: 60_000,
  });
  return {
    database,
    store,
    close: async () => {
      await pool.end();
      await database.drop();
    },
  };
}

/** Every message store, for `describe.each` over one contract. */
export const MESSAGE_STORES: [
  string,
  (name: string, body: () => void) => void,
  () => Promise<StoresUnderTest>,
][] = [
  [
    'MemoryMessageStore',
    describe,
    async () => {
      const rooms = new MemoryRoomsStore();
      return {
        rooms,
        messages: new MemoryMessageStore(LIMIT, rooms),
        close: async () => {},
      };
    },
  ],
  [
    'RedisMessageStore',
    describeWithRedis,
    async () => {
      const prefix = freshPrefix();
      const redis = new Redis(REDIS_URL);
      return {
        rooms: new RedisRoomsStore(redis, { keyPrefix: prefix }),
        messages: new RedisMessageStore(redis, LIMIT, prefix),
        close: async () => {
          await deleteKeys(prefix);
          await redis.quit();
        },
      };
    },
  ],
  [
    'PostgresMessageStore',
    describeWithPostgres,
    async () => {
      const { store, close } = await openPostgresStore();
      return { rooms: new MemoryRoomsStore(), messages: store, close };
    },
  ],
];
