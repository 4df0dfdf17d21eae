import type {
  HistoryResult,
  InboxResult,
  JoinResult,
  Message,
} from '../chat/contract/events.js';
import { delay, RETRIED } from './ack-call.js';
import { ChatError } from './chat-error.js';
import type { ChatClientEvents } from './client-options.js';
import type { RoomSequencer } from './room-sequencer.js';

type Call = <T>(event: string, payload: unknown) => Promise<T>;
type Dispatch = <E extends keyof ChatClientEvents>(
  event: E,
  payload: Parameters<ChatClientEvents[E]>[0],
) => void;

/**
 * Which rooms the client follows, and from which `seq`: those it joined,
 * those the user was added to (`room:added`) and, signed in, every room
 * the user is a member of. After a reconnect that lost the session each is
 * joined again with `since` and paged, so the sequencer hands every
 * message on once, in order.
 */
export class RoomFollowing {
  /** Rooms being joined: live messages wait for the join's answer. */
  private readonly joining = new Map<string, Message[]>();

  constructor(
    private readonly sequencer: RoomSequencer,
    private readonly call: Call,
    private readonly dispatch: Dispatch,
    private readonly connected: () => boolean,
    /**
     * Signed in: the server puts every socket in the user's rooms, so the
     * client never joins one of them implicitly (a join would make the user
     * a member again of a room it left on another device meanwhile).
     */
    private readonly signedIn: boolean,
  ) {}

  /** A live `message:new`: to the sequencer, or held while its room is being joined. */
  live(message: Message): void {
    const waiting =
      message.room === null ? undefined : this.joining.get(message.room);
    if (waiting) waiting.push(message);
    else this.sequencer.live(message);
  }

  /** Joins; from then on the room's messages after `history` are handed on. */
  async join(room: string): Promise<JoinResult> {
    return this.joined(
      room,
      () => this.call<JoinResult>('room:join', { room }),
      (joined) => Math.max(joined.latestSeq, joined.history.at(-1)?.seq ?? 0),
    );
  }

  /**
   * A room the user was added to: followed from the first message that
   * arrived since (those are the app's), else from the room's newest.
   */
  async adopt(room: string): Promise<void> {
    if (this.sequencer.position(room) !== undefined) return;
    if (this.joining.has(room)) return;
    // Signed in, the room's newest message says where it stands (no join).
    const read = this.signedIn
      ? async () => {
          const { messages } = await this.call<HistoryResult>('room:history', {
            room,
            limit: 1,
          });
          return { latestSeq: messages.at(-1)?.seq ?? 0 };
        }
      : () => this.call<JoinResult>('room:join', { room });
    await this.joined(room, read, ({ latestSeq }, waiting) =>
      Math.min(latestSeq, (waiting[0]?.seq ?? Infinity) - 1),
    ).catch(() => undefined); // no longer a member: nothing to follow
  }

  private async joined<T>(
    room: string,
    read: () => Promise<T>,
    from: (answer: T, waiting: Message[]) => number,
  ): Promise<T> {
    const waiting: Message[] = [];
    this.joining.set(room, waiting);
    try {
      const joined = await read();
      this.sequencer.follow(room, from(joined, waiting));
      for (const message of waiting) this.sequencer.live(message);
      return joined;
    } finally {
      this.joining.delete(room);
    }
  }

  forget(room: string): void {
    this.sequencer.forget(room);
  }

  /**
   * A signed-in user's rooms as the server has them now (its inbox):
   * followed rooms it left meanwhile are let go (`rejoinFailed`,
   * `NOT_IN_ROOM`), rooms it was added to meanwhile are followed from
   * their newest message.
   */
  async syncMemberships(): Promise<void> {
    const rooms = new Map<string, number>();
    let cursor: string | null | undefined;
    do {
      const page: InboxResult = await this.call('inbox:list', {
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      for (const entry of page.rooms) rooms.set(entry.room, entry.latestSeq);
      cursor = page.cursor;
    } while (cursor);
    for (const [room] of this.sequencer.positions()) {
      if (rooms.has(room)) continue;
      this.sequencer.forget(room);
      this.dispatch('rejoinFailed', {
        room,
        error: new ChatError(
          'NOT_IN_ROOM',
          'No longer a member (left on another device, kicked or banned meanwhile)',
        ),
      });
    }
    for (const [room, latestSeq] of rooms) {
      if (this.sequencer.position(room) === undefined) {
        this.sequencer.follow(room, latestSeq);
      }
    }
  }

  /** After a reconnect that lost the session: every room again, from where the app is. */
  async resumeAll(): Promise<void> {
    await Promise.all(
      this.sequencer
        .positions()
        .map(([room, last]) => this.resumeRoom(room, last)),
    );
  }

  /**
   * Joins one room again with `since` and pages on. A transient failure
   * (no ack in time, store away) is tried again while connected, with
   * backoff; a refusal (a ban while away) ends following the room.
   */
  private async resumeRoom(room: string, last: number): Promise<void> {
    if (this.signedIn) return this.resumeMember(room);
    for (let attempt = 0; this.connected(); attempt++) {
      try {
        const joined = await this.call<JoinResult>('room:join', {
          room,
          since: last,
        });
        if (joined.latestSeq < last) {
          // The room began again (history not kept): follow it from its new start.
          this.dispatch('gap', {
            room,
            from: last + 1,
            to: Number.MAX_SAFE_INTEGER,
          });
          this.sequencer.follow(room, 0);
        }
        this.dispatch('rejoined', joined);
        await this.sequencer.resume(room, joined.history, joined.complete);
        return;
      } catch (error) {
        if (error instanceof ChatError && !RETRIED.has(error.code)) {
          this.sequencer.forget(room);
          this.dispatch('rejoinFailed', { room, error });
          return;
        }
        await delay(Math.min(250 * 2 ** attempt, 5000));
        last = this.sequencer.position(room) ?? last;
      }
    }
  }

  /** A signed-in user's room: its socket is in it already; what it missed is paged with `room:history`. */
  private async resumeMember(room: string): Promise<void> {
    for (let attempt = 0; this.connected(); attempt++) {
      try {
        await this.sequencer.resume(room, [], false);
        return;
      } catch (error) {
        if (error instanceof ChatError && !RETRIED.has(error.code)) {
          this.sequencer.forget(room);
          this.dispatch('rejoinFailed', { room, error });
          return;
        }
        await delay(Math.min(250 * 2 ** attempt, 5000));
      }
    }
  }
}
