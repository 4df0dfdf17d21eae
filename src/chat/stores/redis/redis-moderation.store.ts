import type { Redis } from 'ioredis';
import {
  inForceAt,
  moderationKey,
  parseModerationKey,
  type Moderation,
  type ModerationKind,
  type ModerationStore,
} from '../moderation-store.interface.js';

/**
 * Bans and mutes in one Redis hash (`<prefix>moderation`, field
 * `kind\nroom\nuserId`, value the end in epoch ms or `0` until lifted),
 * shared by every instance. Ended entries are dropped when read.
 */
export class RedisModerationStore implements ModerationStore {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix = 'chat:',
  ) {
    this.key = `${prefix}moderation`;
  }

  async put({ kind, room, userId, until }: Moderation): Promise<void> {
    await this.redis.hset(
      this.key,
      moderationKey(kind, room, userId),
      String(until ?? 0),
    );
  }

  async remove(kind: ModerationKind, room: string, userId: string) {
    return (
      (await this.redis.hdel(this.key, moderationKey(kind, room, userId))) > 0
    );
  }

  async inForce(now: number, room?: string): Promise<Moderation[]> {
    const fields = await this.redis.hgetall(this.key);
    const found: Moderation[] = [];
    const ended: string[] = [];
    for (const [field, end] of Object.entries(fields)) {
      const moderation = {
        ...parseModerationKey(field),
        until: Number(end) || null,
      };
      if (!inForceAt(moderation, now)) ended.push(field);
      else if (room === undefined || moderation.room === room) {
        found.push(moderation);
      }
    }
    // Only those that ended by the time they were read: a later `put` of the
    // same field would have set an end that is still ahead.
    if (ended.length > 0) await this.dropEnded(ended, now);
    return found;
  }

  private async dropEnded(fields: string[], now: number) {
    for (const field of fields) {
      const end = Number(await this.redis.hget(this.key, field));
      if (end > 0 && end <= now) await this.redis.hdel(this.key, field);
    }
  }
}
