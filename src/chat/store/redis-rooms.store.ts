import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Member, Message, RoomSummary } from '../contract/events.js';
import { pageOf } from './memory-rooms.store.js';
import type {
  RoomPage,
  RoomsStore,
  RoomsStoreEvents,
} from './rooms-store.interface.js';

export interface RedisRoomsStoreOptions {
  /** Prefix of every key (default `chat:`); instances that share a chat share it. */
  keyPrefix?: string;
  /** How often this instance says it is alive and looks for dead ones (default 5 s). */
  heartbeatMs?: number;
  /** How long an instance that stopped saying so counts as alive (default 15 s). */
  instanceTtlMs?: number;
}

/** Adds a socket to a room; 1 when the user was not in it before. */
const ADD_MEMBER = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('SADD', KEYS[5], ARGV[4])
redis.call('SADD', KEYS[6], ARGV[4])
if redis.call('HINCRBY', KEYS[2], ARGV[2], 1) == 1 then
  redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
  redis.call('ZADD', KEYS[4], redis.call('INCR', KEYS[7]), ARGV[2])
  return 1
end
return 0`;

/** Removes a socket from a room; 1 when the user has no socket left in it. An emptied room goes, history included. */
const REMOVE_MEMBER = `
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SREM', KEYS[6], ARGV[3])
local last = 0
if redis.call('HINCRBY', KEYS[2], ARGV[2], -1) <= 0 then
  redis.call('HDEL', KEYS[2], ARGV[2])
  redis.call('HDEL', KEYS[3], ARGV[2])
  redis.call('ZREM', KEYS[4], ARGV[2])
  last = 1
end
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[7], KEYS[8])
  redis.call('SREM', KEYS[5], ARGV[3])
end
return last`;

/** Appends to a room's history while the room exists, keeping the newest ARGV[2]. */
const APPEND_HISTORY = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
return 1`;

interface ScriptedRedis extends Redis {
  chatAddMember(...keysAndArgs: string[]): Promise<number>;
  chatRemoveMember(...keysAndArgs: string[]): Promise<number>;
  chatAppendHistory(...keysAndArgs: string[]): Promise<number>;
}

/**
 * The shared store for several instances: rooms, members, history,
 * presence and counters in Redis. Each instance keeps a heartbeat key; the
 * sockets of an instance whose heartbeat expired are removed by the others.
 */
export class RedisRoomsStore implements RoomsStore {
  readonly instanceId = randomUUID();
  private readonly logger = new Logger(RedisRoomsStore.name);
  private readonly redis: ScriptedRedis;
  private readonly prefix: string;
  private readonly heartbeatMs: number;
  private readonly instanceTtlMs: number;
  private timer: NodeJS.Timeout | null = null;
  private events: RoomsStoreEvents | null = null;
  /** Writes accepted while Redis was away, written once it is back. */
  private pendingHistory: { room: string; message: string; limit: number }[] =
    [];
  private pendingMessageCount = 0;
  private readonly onReady = () => void this.resume();

  constructor(redis: Redis, options: RedisRoomsStoreOptions = {}) {
    this.prefix = options.keyPrefix ?? 'chat:';
    this.heartbeatMs = options.heartbeatMs ?? 5000;
    this.instanceTtlMs = options.instanceTtlMs ?? 15_000;
    redis.defineCommand('chatAddMember', { numberOfKeys: 8, lua: ADD_MEMBER });
    redis.defineCommand('chatRemoveMember', {
      numberOfKeys: 8,
      lua: REMOVE_MEMBER,
    });
    redis.defineCommand('chatAppendHistory', {
      numberOfKeys: 2,
      lua: APPEND_HISTORY,
    });
    this.redis = redis as ScriptedRedis;
  }

  private key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  private roomKeys(room: string, socketId: string) {
    const base = this.key('room', room);
    return [
      `${base}:sockets`,
      `${base}:users`,
      `${base}:names`,
      `${base}:order`,
      this.key('rooms'),
      this.key('socket', socketId, 'rooms'),
      `${base}:seq`,
      `${base}:history`,
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

  async appendHistory(room: string, message: Message, limit: number) {
    const entry = { room, message: JSON.stringify(message), limit };
    if (!this.available()) {
      this.pendingHistory.push(entry);
      return;
    }
    await this.writeHistory(entry);
  }

  private async writeHistory(entry: {
    room: string;
    message: string;
    limit: number;
  }) {
    await this.redis.chatAppendHistory(
      this.key('room', entry.room, 'sockets'),
      this.key('room', entry.room, 'history'),
      entry.message,
      String(entry.limit),
    );
  }

  async history(room: string, limit: number): Promise<Message[]> {
    const entries = await this.redis.lrange(
      this.key('room', room, 'history'),
      -limit,
      -1,
    );
    return entries.map((entry) => JSON.parse(entry) as Message);
  }

  async addConnection(socketId: string, member: Member) {
    await this.redis
      .multi()
      .hset(this.key('connections'), socketId, JSON.stringify(member))
      .sadd(this.key('user', member.userId), socketId)
      .sadd(this.key('instance', this.instanceId, 'sockets'), socketId)
      .exec();
  }

  async removeConnection(socketId: string, member: Member) {
    await this.forgetConnection(socketId, member, this.instanceId);
  }

  private async forgetConnection(
    socketId: string,
    member: Member,
    instanceId: string,
  ) {
    await this.redis
      .multi()
      .hdel(this.key('connections'), socketId)
      .srem(this.key('user', member.userId), socketId)
      .srem(this.key('instance', instanceId, 'sockets'), socketId)
      .del(this.key('socket', socketId, 'rooms'))
      .exec();
  }

  async isUserConnected(userId: string) {
    return (await this.redis.scard(this.key('user', userId))) > 0;
  }

  async connectionCount() {
    return this.redis.hlen(this.key('connections'));
  }

  async countMessage() {
    if (!this.available()) {
      this.pendingMessageCount++;
      return;
    }
    await this.redis.incr(this.key('stats', 'messages'));
  }

  async messageCount() {
    const stored = Number(
      (await this.redis.get(this.key('stats', 'messages'))) ?? 0,
    );
    return stored + this.pendingMessageCount;
  }

  private available(): boolean {
    return this.redis.status === 'ready';
  }

  /**
   * Redis is back (possibly empty): the service registers this instance's
   * sockets again, then what was accepted meanwhile is written.
   */
  private async resume(): Promise<void> {
    try {
      await this.beat();
      await this.events?.reconnected();
      const pending = this.pendingHistory;
      this.pendingHistory = [];
      for (const entry of pending) await this.writeHistory(entry);
      const count = this.pendingMessageCount;
      this.pendingMessageCount = 0;
      if (count > 0)
        await this.redis.incrby(this.key('stats', 'messages'), count);
    } catch (error) {
      this.logger.error(
        `Re-registering this instance in Redis failed: ${String(error)}`,
      );
    }
  }

  async start(events: RoomsStoreEvents): Promise<void> {
    this.events = events;
    this.redis.on('ready', this.onReady);
    await this.beat();
    this.timer = setInterval(() => {
      this.beat().catch((error: unknown) =>
        this.logger.warn(`Heartbeat failed: ${String(error)}`),
      );
    }, this.heartbeatMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.events = null;
    this.redis.off('ready', this.onReady);
    if (this.redis.status !== 'ready') return;
    await this.redis
      .multi()
      .del(this.key('instance', this.instanceId))
      .srem(this.key('instances'), this.instanceId)
      .exec();
  }

  /** Says this instance is alive, then removes what dead instances left behind. */
  private async beat(): Promise<void> {
    await this.redis
      .multi()
      .set(this.key('instance', this.instanceId), '1', 'PX', this.instanceTtlMs)
      .sadd(this.key('instances'), this.instanceId)
      .exec();
    await this.reapDeadInstances();
  }

  private async reapDeadInstances(): Promise<void> {
    const ids = await this.redis.smembers(this.key('instances'));
    for (const id of ids) {
      if (id === this.instanceId) continue;
      if ((await this.redis.exists(this.key('instance', id))) === 1) continue;
      // One instance reaps a dead one; the lock outlives the reaping.
      const claimed = await this.redis.set(
        this.key('reaping', id),
        this.instanceId,
        'PX',
        60_000,
        'NX',
      );
      if (claimed !== 'OK') continue;
      const { sockets, gone } = await this.reap(id);
      if (sockets > 0) {
        this.logger.warn(
          `Instance ${id} stopped without cleaning up: removed its ${sockets} sockets`,
        );
      }
      if (gone.length > 0) this.events?.membersGone(gone);
    }
  }

  private async reap(instanceId: string) {
    const gone: { room: string; member: Member }[] = [];
    const socketsKey = this.key('instance', instanceId, 'sockets');
    const socketIds = await this.redis.smembers(socketsKey);
    for (const socketId of socketIds) {
      const raw = await this.redis.hget(this.key('connections'), socketId);
      if (raw === null) continue;
      const member = JSON.parse(raw) as Member;
      for (const room of await this.redis.smembers(
        this.key('socket', socketId, 'rooms'),
      )) {
        const { lastOfUser } = await this.removeMember(room, socketId, member);
        if (lastOfUser) gone.push({ room, member });
      }
      await this.forgetConnection(socketId, member, instanceId);
    }
    await this.redis
      .multi()
      .del(socketsKey)
      .srem(this.key('instances'), instanceId)
      .exec();
    return { sockets: socketIds.length, gone };
  }
}
