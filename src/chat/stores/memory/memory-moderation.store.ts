import {
  inForceAt,
  moderationKey,
  type Moderation,
  type ModerationKind,
  type ModerationStore,
} from '../moderation-store.interface.js';

/** Bans and mutes of this process; an ended entry is dropped when next read. */
export class MemoryModerationStore implements ModerationStore {
  readonly inProcess = true;
  private readonly entries = new Map<string, Moderation>();

  async put(moderation: Moderation): Promise<void> {
    const { kind, room, userId } = moderation;
    this.entries.set(moderationKey(kind, room, userId), { ...moderation });
  }

  async remove(kind: ModerationKind, room: string, userId: string) {
    return this.entries.delete(moderationKey(kind, room, userId));
  }

  async inForce(now: number, room?: string): Promise<Moderation[]> {
    const found: Moderation[] = [];
    for (const [key, moderation] of this.entries) {
      if (!inForceAt(moderation, now)) this.entries.delete(key);
      else if (room === undefined || moderation.room === room) {
        found.push({ ...moderation });
      }
    }
    return found;
  }
}
