import { Redis } from 'ioredis';
import type pg from 'pg';
import {
  MemoryMessageStore,
  MemoryRoomsStore,
  RedisRoomsStore,
  type ChatModuleOptions,
  type MessageStore,
  type RoomsStore,
} from '../../src/index.js';
import { migrate } from '../../src/chat/stores/postgres/migrations.js';
import type { MemberStore } from '../../src/chat/stores/member-store.interface.js';
import { MemoryMemberStore } from '../../src/chat/stores/memory/memory-member.store.js';
import { PostgresMemberStore } from '../../src/chat/stores/postgres/postgres-member.store.js';
import { RedisMemberStore } from '../../src/chat/stores/redis/redis-member.store.js';
import { connectPostgres } from '../../src/chat/stores/postgres/postgres-connection.js';
import { PostgresMessageStore } from '../../src/chat/stores/postgres/postgres-message.store.js';
import { RedisMessageStore } from '../../src/chat/stores/redis/redis-message.store.js';
import { byUserName, ChatHarness } from './harness.js';
import { describeWithPostgres, TestDatabase } from './postgres.js';
import {
  deleteKeys,
  describeWithRedis,
  freshPrefix,
  REDIS_URL,
} from './redis.js';

/** The history bound of the stores that keep a window. */
export const LIMIT = 100;

/** A way to run the chat: its store options and what to clean up after. */
export interface StoreMode {
  /** Another instance started with these shares the same chat. */
  options: ChatModuleOptions;
  close(): Promise<void>;
}

/** The stores a mode's module chooses (`module/store.providers.ts`), built directly. */
export interface StoresUnderTest {
  /** Membership, which decides what a store that is not durable keeps. */
  rooms: RoomsStore;
  messages: MessageStore;
  /** Memberships of signed-in users. */
  members: MemberStore;
  close(): Promise<void>;
}

export type StoreModeName = 'memory' | 'Redis' | 'PostgreSQL';

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
    members: new PostgresMemberStore(pool),
    close: async () => {
      await pool.end();
      await database.drop();
    },
  };
}

/**
 * The three modes of the contract, for `describe.each` in every suite that
 * runs in each mode — e2e suites (`openApp`: module options) and store
 * contract suites (`openStores`: the same stores, built directly):
 * `[name, describe or its skipping variant, openApp, openStores]`.
 */
export const STORE_MODES: [
  StoreModeName,
  (name: string, body: () => void) => void,
  () => Promise<StoreMode>,
  () => Promise<StoresUnderTest>,
][] = [
  [
    'memory',
    describe,
    async () => ({ options: {}, close: async () => {} }),
    async () => {
      const rooms = new MemoryRoomsStore();
      return {
        rooms,
        messages: new MemoryMessageStore(LIMIT, rooms.liveRooms),
        members: new MemoryMemberStore(),
        close: async () => {},
      };
    },
  ],
  [
    'Redis',
    describeWithRedis,
    async () => {
      const keyPrefix = freshPrefix();
      return {
        options: { redis: { url: REDIS_URL, keyPrefix } },
        close: () => deleteKeys(keyPrefix),
      };
    },
    async () => {
      const prefix = freshPrefix();
      const redis = new Redis(REDIS_URL);
      return {
        rooms: new RedisRoomsStore(redis, { keyPrefix: prefix }),
        messages: new RedisMessageStore(redis, LIMIT, prefix),
        members: new RedisMemberStore(redis, prefix),
        close: async () => {
          await deleteKeys(prefix);
          await redis.quit();
        },
      };
    },
  ],
  [
    'PostgreSQL',
    describeWithPostgres,
    async () => {
      const database = await TestDatabase.create();
      return {
        options: { database: { url: database.url } },
        close: () => database.drop(),
      };
    },
    async () => {
      const { store, members, close } = await openPostgresStore();
      // With `database` alone, sockets stay in the in-memory rooms store.
      return { rooms: new MemoryRoomsStore(), messages: store, members, close };
    },
  ],
];

/** The modes with a rooms store of their own (PostgreSQL keeps members in memory). */
export const ROOMS_STORE_MODES = STORE_MODES.filter(
  ([mode]) => mode !== 'PostgreSQL',
);

/**
 * A chat of signed-in users (the host's `byUserName` identity, message
 * budgets off) in a mode, started before each test of the calling
 * `describe` and closed after it, with the mode's own state.
 */
export function signedInChatPerTest(
  openMode: () => Promise<StoreMode>,
  options: ChatModuleOptions = {},
): { chat(): ChatHarness; mode(): StoreMode } {
  let mode: StoreMode;
  let chat: ChatHarness;
  beforeEach(async () => {
    mode = await openMode();
    chat = await ChatHarness.start({
      ...mode.options,
      authenticate: byUserName,
      rateLimit: 0,
      ...options,
    });
  });
  afterEach(async () => {
    await chat.close();
    await mode.close();
  });
  return { chat: () => chat, mode: () => mode };
}
