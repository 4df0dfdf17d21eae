import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Member } from '../../contract/events.js';
import type { RoomsStoreEvents } from '../rooms-store.interface.js';

/** What presence needs of the store to clear a dead instance's sockets. */
export interface ReapableStore {
  removeMember(
    room: string,
    socketId: string,
    member: Member,
  ): Promise<{ lastOfUser: boolean }>;
  forgetConnection(
    socketId: string,
    member: Member,
    instanceId: string,
  ): Promise<{ lastOfUser: boolean }>;
  /** Registers this instance's sockets again (after its key had expired). */
  registerAgain(): Promise<void>;
}

/**
 * Which instances are alive: each refreshes a key with a TTL; an instance
 * whose key expired is reaped by one of the others (its sockets leave
 * their rooms, the rooms get `room:left`).
 */
export class InstancePresence {
  private readonly logger = new Logger('RedisRoomsStore');
  private timer: NodeJS.Timeout | null = null;
  /** The heartbeat under way: one at a time, however slow Redis is. */
  private beating: Promise<boolean> | null = null;
  /** Whether this instance has said it is alive before (so a missing key means it expired). */
  private beaten = false;

  constructor(
    private readonly redis: Redis,
    private readonly key: (...parts: string[]) => string,
    readonly instanceId: string,
    private readonly options: { heartbeatMs: number; instanceTtlMs: number },
    private readonly store: ReapableStore,
    private readonly events: () => RoomsStoreEvents | null,
  ) {}

  async start(): Promise<void> {
    await this.heartbeat();
    this.timer = setInterval(() => {
      this.heartbeat().then(
        (expired) => {
          if (!expired) return;
          this.logger.warn(
            'This instance stalled past its heartbeat TTL: its sockets were registered again',
          );
        },
        (error: unknown) =>
          this.logger.warn(`Heartbeat failed: ${String(error)}`),
      );
    }, this.options.heartbeatMs);
    this.timer.unref();
  }

  /** Says goodbye (when Redis is there to hear it). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.redis.status !== 'ready') return;
    await this.redis
      .multi()
      .del(this.key('instance', this.instanceId))
      .srem(this.key('instances'), this.instanceId)
      .exec();
  }

  /**
   * One beat at a time: a tick while the previous beat still runs is
   * skipped. Resolves `true` when this instance's key had expired (peers may
   * have reaped it) and its sockets were registered again.
   */
  heartbeat(): Promise<boolean> {
    this.beating ??= this.beat().finally(() => (this.beating = null));
    return this.beating;
  }

  /**
   * Says this instance is alive, then removes what dead instances left
   * behind. An instance whose key had expired (it stalled longer than the
   * TTL) may have been reaped by its peers: it registers its sockets again.
   */
  private async beat(): Promise<boolean> {
    const [[, previous]] = (await this.redis
      .multi()
      .set(
        this.key('instance', this.instanceId),
        '1',
        'PX',
        this.options.instanceTtlMs,
        'GET',
      )
      .sadd(this.key('instances'), this.instanceId)
      .exec()) as [[Error | null, string | null]];
    const expired = previous === null && this.beaten;
    if (expired) await this.store.registerAgain();
    this.beaten = true;
    await this.reapDeadInstances();
    return expired;
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
      const { sockets, gone, offline } = await this.reap(id);
      if (sockets > 0) {
        this.logger.warn(
          `Instance ${id} stopped without cleaning up: removed its ${sockets} sockets`,
        );
      }
      if (gone.length > 0) this.events()?.membersGone(gone);
      if (offline.length > 0) this.events()?.usersGone(offline);
    }
  }

  private async reap(instanceId: string) {
    const gone: { room: string; member: Member }[] = [];
    const offline: Member[] = [];
    const socketsKey = this.key('instance', instanceId, 'sockets');
    const socketIds = await this.redis.smembers(socketsKey);
    for (const socketId of socketIds) {
      const raw = await this.redis.hget(this.key('connections'), socketId);
      if (raw === null) continue;
      const member = JSON.parse(raw) as Member;
      for (const room of await this.redis.smembers(
        this.key('socket', socketId, 'rooms'),
      )) {
        const { lastOfUser } = await this.store.removeMember(
          room,
          socketId,
          member,
        );
        if (lastOfUser) gone.push({ room, member });
      }
      const { lastOfUser } = await this.store.forgetConnection(
        socketId,
        member,
        instanceId,
      );
      if (lastOfUser) offline.push(member);
    }
    await this.redis
      .multi()
      .del(socketsKey)
      .srem(this.key('instances'), instanceId)
      .exec();
    return { sockets: socketIds.length, gone, offline };
  }
}
