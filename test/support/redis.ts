import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describeIfServed } from './required-service.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAnswers(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const service = {
  name: 'Redis',
  where: REDIS_URL,
  answered: await redisAnswers(),
  required: process.env.CHAT_REQUIRE_REDIS === '1',
  hint: 'Start one (redis-server) or set REDIS_URL; CI starts it and sets CHAT_REQUIRE_REDIS=1.',
};

/** `describe` when Redis answers at `REDIS_URL` (skipped, or failing with `CHAT_REQUIRE_REDIS=1`, when not). */
export function describeWithRedis(name: string, body: () => void): void {
  describeIfServed(service, name, body);
}

/** A key prefix of its own for a test, so suites never see each other's state. */
export function freshPrefix(): string {
  return `test:${randomUUID()}:`;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(prefix: string): Promise<void> {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(
        cursor,
        'MATCH',
        `${prefix}*`,
        'COUNT',
        500,
      );
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    await client.quit();
  }
}

/** Lists the keys under `prefix` (for leak checks). */
export async function keysUnder(prefix: string): Promise<string[]> {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    return await client.keys(`${prefix}*`);
  } finally {
    await client.quit();
  }
}
