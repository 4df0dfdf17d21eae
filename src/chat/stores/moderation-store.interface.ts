/** A ban keeps a user out of a room; a mute keeps it quiet there. */
export type ModerationKind = 'ban' | 'mute';

export interface Moderation {
  kind: ModerationKind;
  room: string;
  userId: string;
  /** When it ends (epoch ms); `null`: until lifted. */
  until: number | null;
}

/**
 * Bans and mutes, shared by every instance that shares the store. An entry
 * ends by itself: it stores its end, and a read at or after that end no
 * longer returns it (no timer per entry).
 */
export interface ModerationStore {
  /**
   * This process holds the only copy: nothing to mirror from other
   * instances (`ModerationService` reads it directly).
   */
  readonly inProcess?: boolean;
  /** Sets (or replaces) the user's ban or mute in the room. */
  put(moderation: Moderation): Promise<void>;
  /** Lifts it; `false` when there was none. */
  remove(kind: ModerationKind, room: string, userId: string): Promise<boolean>;
  /** Those in force at `now`: in `room`, or in every room. */
  inForce(now: number, room?: string): Promise<Moderation[]>;
}

/** Injection token of the moderation store; the same name as the interface. */
export const ModerationStore = Symbol('ModerationStore');

/** Whether an entry is still in force at `now`. */
export const inForceAt = (moderation: Moderation, now: number) =>
  moderation.until === null || moderation.until > now;

/** The key of one entry: kind, room and user (kinds and room names hold no newline; a user id may). */
export const moderationKey = (
  kind: ModerationKind,
  room: string,
  userId: string,
) => `${kind}\n${room}\n${userId}`;

/** Kind, room and user of a `moderationKey`. */
export function parseModerationKey(key: string) {
  const first = key.indexOf('\n');
  const second = key.indexOf('\n', first + 1);
  return {
    kind: key.slice(0, first) as ModerationKind,
    room: key.slice(first + 1, second),
    userId: key.slice(second + 1),
  };
}
