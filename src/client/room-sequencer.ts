import type { Message } from '../chat/contract/events.js';

/** A page of a room's messages after a seq, as `room:history { after }` answers. */
export type FetchAfter = (
  room: string,
  after: number,
) => Promise<{ messages: Message[]; hasMore: boolean }>;

/** What the sequencer hands on: each message once, in seq order, and the gaps it could not fill. */
export interface SequencerOutput {
  message(message: Message): void;
  /** Seqs `from`–`to` of `room` are gone for good (retention, or the room began again). */
  gap(room: string, from: number, to: number): void;
}

interface RoomState {
  /** The highest seq handed on. */
  last: number;
  /** Live messages ahead of a gap, waiting for it to be filled. */
  ahead: Map<number, Message>;
  /** A fill (paging with `after`) is under way: live messages wait. */
  filling: boolean;
}

/**
 * Turns a room's live `message:new` events plus history pages into one
 * stream: each message exactly once, in `seq` order. A live message past
 * the next seq waits while the gap is fetched page by page; what the
 * history no longer has is reported as a gap, then skipped.
 */
export class RoomSequencer {
  private readonly rooms = new Map<string, RoomState>();

  constructor(
    private readonly fetchAfter: FetchAfter,
    private readonly output: SequencerOutput,
  ) {}

  /** Starts (or restarts) following a room from `last` (the seq the app has). */
  follow(room: string, last: number): void {
    this.rooms.set(room, { last, ahead: new Map(), filling: false });
  }

  forget(room: string): void {
    this.rooms.delete(room);
  }

  /** The seq the app has of a followed room (`undefined` when not followed). */
  position(room: string): number | undefined {
    return this.rooms.get(room)?.last;
  }

  /** The seq the app has of each followed room. */
  positions(): [string, number][] {
    return [...this.rooms].map(([room, state]) => [room, state.last]);
  }

  /** A live message (also a room this client does not follow: handed on as is). */
  live(message: Message): void {
    const state =
      message.room === null ? undefined : this.rooms.get(message.room);
    if (!state || message.seq === undefined) {
      this.output.message(message);
      return;
    }
    if (message.seq <= state.last) return;
    if (message.seq === state.last + 1 && !state.filling) {
      this.handOn(state, message);
      this.drain(state);
      return;
    }
    state.ahead.set(message.seq, message);
    if (!state.filling) void this.fill(message.room!, state);
  }

  /**
   * Messages the server answered after `state.last` (a rejoin's history),
   * then pages on while `complete` is false. Live messages wait meanwhile.
   */
  async resume(
    room: string,
    history: Message[],
    complete: boolean,
  ): Promise<void> {
    const state = this.rooms.get(room);
    if (!state) return;
    state.filling = true;
    try {
      this.takePage(room, state, history);
      if (!complete) await this.pageOn(room, state);
    } finally {
      state.filling = false;
    }
    this.settleAhead(room, state);
  }

  private async fill(room: string, state: RoomState): Promise<void> {
    state.filling = true;
    try {
      await this.pageOn(room, state);
    } catch {
      // The history could not be read (the server is away): the messages
      // ahead wait for the next live message or the resume after reconnecting.
      state.filling = false;
      return;
    }
    state.filling = false;
    this.settleAhead(room, state);
  }

  /** Pages after `last` until the history ends, or until what waited live follows on. */
  private async pageOn(room: string, state: RoomState): Promise<void> {
    for (;;) {
      const page = await this.fetchAfter(room, state.last);
      if (this.rooms.get(room) !== state) return;
      const waited = state.ahead.size;
      this.takePage(room, state, page.messages);
      const caughtUp = waited > 0 && state.ahead.size === 0;
      if (!page.hasMore || page.messages.length === 0 || caughtUp) return;
    }
  }

  /** Hands on a page's messages past `last`, reporting a hole before the first. */
  private takePage(room: string, state: RoomState, messages: Message[]) {
    for (const message of messages) {
      const seq = message.seq!;
      if (seq <= state.last) continue;
      if (seq > state.last + 1) this.output.gap(room, state.last + 1, seq - 1);
      this.handOn(state, message);
      this.drain(state);
    }
  }

  /** After a fill: what waits ahead either follows on, or sits past a hole the history does not have. */
  private settleAhead(room: string, state: RoomState) {
    this.drain(state);
    if (state.ahead.size === 0) return;
    const next = Math.min(...state.ahead.keys());
    this.output.gap(room, state.last + 1, next - 1);
    state.last = next - 1;
    this.drain(state);
  }

  private drain(state: RoomState) {
    for (
      let next = state.ahead.get(state.last + 1);
      next;
      next = state.ahead.get(state.last + 1)
    ) {
      state.ahead.delete(state.last + 1);
      this.handOn(state, next);
    }
    for (const seq of state.ahead.keys())
      if (seq <= state.last) state.ahead.delete(seq);
  }

  private handOn(state: RoomState, message: Message) {
    state.last = message.seq!;
    this.output.message(message);
  }
}
