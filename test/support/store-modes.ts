import type { ChatModuleOptions } from '../../src/index.js';
import { describeWithPostgres, TestDatabase } from './postgres.js';
import {
  deleteKeys,
  describeWithRedis,
  freshPrefix,
  REDIS_URL,
} from './redis.js';

/** A way to run the chat: its store options and what to clean up after. */
export interface StoreMode {
  /** Another instance started with these shares the same chat. */
  options: ChatModuleOptions;
  close(): Promise<void>;
}

/**
 * The three modes of the contract, for `describe.each`: in memory, Redis,
 * PostgreSQL (each on keys or a database of its own).
 */
export const STORE_MODES: [
  string,
  (name: string, body: () => void) => void,
  () => Promise<StoreMode>,
][] = [
  ['memory', describe, async () => ({ options: {}, close: async () => {} })],
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
  ],
];
