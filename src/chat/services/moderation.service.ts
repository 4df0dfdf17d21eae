import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ErrorCode } from '../contract/error-code.enum.js';
import type { ModerationResult } from '../contract/index.js';
import { ChatError } from '../errors/chat.error.js';
import {
  ModerationStore,
  inForceAt,
  moderationKey,
  type Moderation,
  type ModerationKind,
} from '../stores/moderation-store.interface.js';
import { OutageGuard } from './outage-guard.js';

/** A ban or mute set or lifted, as instances tell each other. */
export type ModerationChange =
  { put: Moderation } | { remove: Omit<Moderation, 'until'> };

/** How often an instance reloads the shared bans and mutes (a missed notice heals by then). */
const REFRESH_MS = 30_000;

/**
 * Bans and mutes: kept in the `ModerationStore`, and mirrored in this
 * process so that every join, send and typing is checked without a store
 * call, and still as last known while the store is away. Instances tell
 * each other of changes (`applyChange`), and reload the store's list now
 * and then. An entry ends by itself: its end is compared with the clock.
 */
@Injectable()
export class ModerationService
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger('ChatModeration');
  private readonly guard = new OutageGuard(
    'ChatModeration',
    'moderation store',
    'bans and mutes cannot change (those known are still enforced)',
  );
  private mirror = new Map<string, Moderation>();
  /** Changes mirrored so far: a reload that overlapped one is not applied. */
  private changes = 0;
  private refreshTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(ModerationStore) private readonly store: ModerationStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.store.inProcess) return;
    await this.refresh();
    this.refreshTimer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.refreshTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
  }

  /** Refuses `FORBIDDEN` when the user is banned from (or muted in) the room. */
  check(kind: ModerationKind, room: string, userId: string): void {
    if (this.mirror.size === 0) return;
    const key = moderationKey(kind, room, userId);
    const moderation = this.mirror.get(key);
    if (!moderation) return;
    if (!inForceAt(moderation, Date.now())) {
      this.mirror.delete(key);
      return;
    }
    const until =
      moderation.until === null
        ? ''
        : ` until ${new Date(moderation.until).toISOString()}`;
    throw new ChatError(
      ErrorCode.Forbidden,
      kind === 'ban'
        ? `You are banned from ${room}${until}`
        : `You are muted in ${room}${until}`,
    );
  }

  /**
   * Stores a ban or mute (ending after `durationMs`, or until lifted) and
   * mirrors it here; the caller tells the other instances.
   */
  async put(
    kind: ModerationKind,
    room: string,
    userId: string,
    durationMs?: number,
  ): Promise<ModerationChange> {
    const until =
      durationMs === undefined
        ? null
        : Math.min(Date.now() + durationMs, Number.MAX_SAFE_INTEGER);
    const moderation: Moderation = { kind, room, userId, until };
    await this.guard.run(this.store.put(moderation));
    const change = { put: moderation };
    this.applyChange(change);
    return change;
  }

  async remove(
    kind: ModerationKind,
    room: string,
    userId: string,
  ): Promise<ModerationChange> {
    await this.guard.run(this.store.remove(kind, room, userId));
    const change = { remove: { kind, room, userId } };
    this.applyChange(change);
    return change;
  }

  /** A change made here or by another instance, mirrored. */
  applyChange(change: ModerationChange): void {
    this.changes++;
    if ('put' in change) {
      const { kind, room, userId } = change.put;
      this.mirror.set(moderationKey(kind, room, userId), change.put);
    } else {
      const { kind, room, userId } = change.remove;
      this.mirror.delete(moderationKey(kind, room, userId));
    }
  }

  /** The bans and mutes in force in the room, as the store has them. */
  async inForce(room: string): Promise<ModerationResult> {
    const entries = await this.guard.run(this.store.inForce(Date.now(), room));
    entries.sort((a, b) =>
      a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0,
    );
    const of = (kind: ModerationKind) =>
      entries
        .filter((entry) => entry.kind === kind)
        .map(({ userId, until }) => ({ userId, until }));
    return { room, bans: of('ban'), mutes: of('mute') };
  }

  /** Bans and mutes in force as this instance knows them, by kind (for `/metrics`). */
  counts(): Record<ModerationKind, number> {
    const now = Date.now();
    const counts = { ban: 0, mute: 0 };
    for (const moderation of this.mirror.values()) {
      if (inForceAt(moderation, now)) counts[moderation.kind]++;
    }
    return counts;
  }

  /** Replaces the mirror with the store's list; while the store is away the mirror stands. */
  private async refresh(): Promise<void> {
    const changes = this.changes;
    try {
      const entries = await this.guard.run(this.store.inForce(Date.now()));
      if (changes !== this.changes) return;
      this.mirror = new Map(
        entries.map((entry) => [
          moderationKey(entry.kind, entry.room, entry.userId),
          entry,
        ]),
      );
    } catch {
      this.logger.debug('Bans and mutes not reloaded: the store is away');
    }
  }
}
