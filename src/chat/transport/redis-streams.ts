import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis, RedisOptions } from 'ioredis';
import type { Server } from 'socket.io';
import { BLOCKING_READER_OPTIONS } from '../stores/redis/redis-connection.js';
import { guardSessions } from './session-guard.js';
import type { SessionRevocations } from './session-revocations.js';

/**
 * Socket.IO's Redis streams adapter (streams, not pub/sub, so that
 * connection state recovery works across instances), with the recovery
 * session guard on each namespace's adapter.
 */
export class RedisStreamsWiring {
  /** The adapter's blocking readers, let go at shutdown. */
  private readonly readers = new Set<Redis>();

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly revocations: SessionRevocations,
  ) {}

  attach(server: Server): void {
    const prefix = this.keyPrefix;
    const streams = createAdapter(
      streamsAdapterView(this.redis, this.readers),
      {
        streamName: `${prefix}socket.io`,
        channelPrefix: `${prefix}socket.io`,
        sessionKeyPrefix: `${prefix}socket.io:session:`,
        onlyPlaintext: true,
      },
    );
    const revocations = this.revocations;
    // Socket.IO calls it with `new`: a function (not an arrow) returning the adapter.
    function GuardedStreamsAdapter(nsp: Parameters<typeof streams>[0]) {
      const adapter = streams(nsp);
      guardSessions(adapter, revocations);
      return adapter;
    }
    server.adapter(
      GuardedStreamsAdapter as unknown as Parameters<Server['adapter']>[0],
    );
  }

  /**
   * The streams adapter lets its blocking readers go only once their read
   * returns, which never happens while Redis is away: they are let go here,
   * so a shutdown during an outage ends.
   */
  close(): void {
    for (const reader of this.readers) reader.disconnect();
    this.readers.clear();
  }
}

/**
 * The Redis client as the streams adapter sees it; the client itself is
 * untouched. The adapter drops the promises of some commands: a dropped
 * socket's session stored with `SET`, and its subscriber's `SUBSCRIBE`s.
 * While Redis is away, or when the app closes before the subscriber is
 * ready (its queued subscriptions are flushed with "Connection is
 * closed."), those would be unhandled rejections that end the process; this
 * view marks them handled (the session is then not recoverable, the
 * subscription is made again on reconnect). Its `duplicate()` gives the
 * adapter's blocking readers connections that wait for Redis to come back,
 * and keeps them in `readers` to be let go at shutdown.
 */
function streamsAdapterView(redis: Redis, readers: Set<Redis>): Redis {
  return handledView(redis, ['set'], (override?: RedisOptions) => {
    const reader = redis.duplicate({
      ...BLOCKING_READER_OPTIONS,
      ...override,
    });
    readers.add(reader);
    return handledView(reader, ['subscribe', 'ssubscribe', 'psubscribe']);
  });
}

/** `client` with the rejections of `methods` marked handled (and `duplicate` replaced, when given). */
function handledView(
  client: Redis,
  methods: string[],
  duplicate?: (override?: RedisOptions) => Redis,
): Redis {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'duplicate' && duplicate) return duplicate;
      const value: unknown = Reflect.get(target, property, receiver);
      if (
        typeof property !== 'string' ||
        !methods.includes(property) ||
        typeof value !== 'function'
      ) {
        return value;
      }
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => Promise<unknown>).apply(
          target,
          args,
        );
        result.catch(() => undefined);
        return result;
      };
    },
  });
}
