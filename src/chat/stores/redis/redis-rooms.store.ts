import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Member, RoomSummary } from '../../contract/events.js';
import {
  roomHistoryKeys,
  roomIndexKeys,
  withChatScripts,
  type ScriptedRedis,
} from './redis-scripts.js';
import { InstancePresence, type ReapableStore } from './instance-presence.js';
import { pageOf } from '../memory/memory-rooms.store.js';
import type {
  RoomPage,
  RoomsStore,
  RoomsStoreEvents,
} from '../rooms-store.interface.js';

export interface RedisRoomsStoreOptions {
  /** Prefix of every key (default `chat:`); instances that share a chat share it. */
  keyPrefix?: string;
  /** How often this instance says it is alive and looks for dead ones (default 5 s). */
  heartbeatMs?: number;
  /** How long an instance that stopped saying so counts as alive (default 15 s). */
  instanceTtlMs?: number;
}

/**
 * The shared store for several instances: rooms, members, presence and
 * counters in Redis (history is `RedisMessageStore`'s, under the same prefix). Each instance keeps a heartbeat key; the
 * sockets of an instance whose heartbeat expired are removed by the others.
 */
export class RedisRoomsStore implements RoomsStore, ReapableStore {
  readonly instanceId = randomUUID();
  private readonly logger = new Logger(RedisRoomsStore.name);
  private readonly redis: ScriptedRedis;
  private readonly prefix: string;
  private readonly presence: InstancePresence;
  private events: RoomsStoreEvents | null = null;
  /** Messages counted while Redis was away, added once it is back. */
  private pendingCount = 0;
  private readonly onReady = () => void this.resume();

  constructor(redis: Redis, options: RedisRoomsStoreOptions = {}) {
    this.prefix = options.keyPrefix ?? 'chat:';
    this.presence = new InstancePresence(
      redis,
      (...parts) => this.key(...parts),
      this.instanceId,
      {
        heartbeatMs: options.heartbeatMs ?? 5000,
        instanceTtlMs: options.instanceTtlMs ?? 15_000,
      },
      this,
      () => this.events,
    );
    this.redis = withChatScripts(redis);
  }

  private key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  private roomKeys(room: string, socketId: string) {
    const base = this.key('room', room);
    return [
      ...roomHistoryKeys(base),
      `${base}:sockets`,
      `${base}:users`,
      `${base}:names`,
      `${base}:order`,
      this.key('rooms'),
      this.key('socket', socketId, 'rooms'),
      `${base}:seq`,
      ...roomIndexKeys(base),
    ];
  }

  async addMember(room: string, socketId: string, member: Member) {
    const first = await this.redis.chatAddMember(
      ...this.roomKeys(room, socketId),
      socketId,
      member.userId,
      member.nickname,
      room,
    );
    return { firstOfUser: first === 1 };
  }

  async removeMember(room: string, socketId: string, member: Member) {
    const last = await this.redis.chatRemoveMember(
      ...this.roomKeys(room, socketId),
      socketId,
      member.userId,
      room,
    );
    return { lastOfUser: last === 1 };
  }

  async members(room: string): Promise<Member[]> {
    const base = this.key('room', room);
    const result = await this.redis
      .multi()
      .zrange(`${base}:order`, '0', '-1')
      .hgetall(`${base}:names`)
      .exec();
    const userIds = (result?.[0]?.[1] ?? []) as string[];
    const names = (result?.[1]?.[1] ?? {}) as Record<string, string>;
    return userIds
      .filter((userId) => userId in names)
      .map((userId) => ({ userId, nickname: names[userId] }));
  }

  async rooms({ after, limit }: RoomPage): Promise<RoomSummary[]> {
    const all = await this.redis.smembers(this.key('rooms'));
    const names = pageOf(
      after === undefined ? all : all.filter((room) => room > after),
      limit,
    );
    if (names.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const room of names) pipeline.hlen(this.key('room', room, 'users'));
    const counts = (await pipeline.exec()) ?? [];
    return names
      .map((room, i) => ({ room, members: Number(counts[i]?.[1] ?? 0) }))
      .filter((summary) => summary.members > 0);
  }

  async roomCount(): Promise<number> {
    // The set changes in the same scripts as the members, so it is exact.
    return this.redis.scard(this.key('rooms'));
  }

  async addConnection(socketId: string, member: Member) {
    const result = await this.redis
      .multi()
      .sadd(this.key('user', member.userId), socketId)
      .scard(this.key('user', member.userId))
      .hset(this.key('connections'), socketId, JSON.stringify(member))
      .sadd(this.key('instance', this.instanceId, 'sockets'), socketId)
      .exec();
    // In one transaction: of two first sockets at once, one sees a count of 1.
    return {
      firstOfUser: result?.[0]?.[1] === 1 && result[1]?.[1] === 1,
    };
  }

  async removeConnection(socketId: string, member: Member) {
    return this.forgetConnection(socketId, member, this.instanceId);
  }

  /** Removes a connection of `instanceId` (this one's, or a dead one's being reaped). */
  async forgetConnection(socketId: string, member: Member, instanceId: string) {
    const result = await this.redis
      .multi()
      .srem(this.key('user', member.userId), socketId)
      .scard(this.key('user', member.userId))
      .hdel(this.key('connections'), socketId)
      .srem(this.key('instance', instanceId, 'sockets'), socketId)
      .del(this.key('socket', socketId, 'rooms'))
      .exec();
    return { lastOfUser: result?.[0]?.[1] === 1 && result[1]?.[1] === 0 };
  }

  async isUserConnected(userId: string) {
    return (await this.redis.scard(this.key('user', userId))) > 0;
  }

  /** One pipeline of `SCARD`s: one write and one round trip for a whole member list. */
  async connectedOf(userIds: string[]) {
    if (userIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const userId of userIds) pipeline.scard(this.key('user', userId));
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, count]) => {
      if (error) throw error;
      return (count as number) > 0;
    });
  }

  async connectionCount() {
    return this.redis.hlen(this.key('connections'));
  }

  async countMessage() {
    if (!this.available()) {
      this.pendingCount++;
      return;
    }
    await this.redis.incr(this.key('stats', 'messages'));
  }

  async messageCount() {
    const stored = Number(
      (await this.redis.get(this.key('stats', 'messages'))) ?? 0,
    );
    return stored + this.pendingCount;
  }

  private available(): boolean {
    return this.redis.status === 'ready';
  }

  /**
   * Redis is back (possibly empty): the service registers this instance's
   * sockets again, then what was counted meanwhile is added.
   */
  private async resume(): Promise<void> {
    try {
      // A Redis that came back empty lost this instance's key too: the beat
      // registers the sockets again then; otherwise it is done here.
      if (!(await this.presence.heartbeat())) await this.registerAgain();
    } catch (error) {
      this.logger.error(
        `Re-registering this instance in Redis failed: ${String(error)}`,
      );
    }
  }

  /** The service registers this instance's sockets again, then what was counted meanwhile is added. */
  async registerAgain(): Promise<void> {
    await this.events?.reconnected();
    const count = this.pendingCount;
    this.pendingCount = 0;
    if (count > 0) {
      await this.redis
        .incrby(this.key('stats', 'messages'), count)
        .catch((error: unknown) => {
          this.pendingCount += count;
          throw error;
        });
    }
  }

  async start(events: RoomsStoreEvents): Promise<void> {
    this.events = events;
    this.redis.on('ready', this.onReady);
    await this.presence.start();
  }

  async stop(): Promise<void> {
    this.events = null;
    this.redis.off('ready', this.onReady);
    await this.presence.stop();
  }
}
