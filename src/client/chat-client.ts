import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  DirectResult,
  InboxPayload,
  InboxResult,
  HistoryPayload,
  HistoryResult,
  JoinResult,
  Message,
  MessageRefPayload,
  PrivateMessage,
  ReactResult,
  ReadEvent,
  RoomListPayload,
  RoomListResult,
  SearchResult,
  ServerToClientEvents,
  SessionInfo,
} from '../chat/contract/events.js';
import { CallGate, delay, newClientMessageId, RETRIED } from './ack-call.js';
import { RoomFollowing } from './room-following.js';
import type { ChatClientEvents, ChatClientOptions } from './client-options.js';
import { ChatError } from './chat-error.js';
import { RoomSequencer } from './room-sequencer.js';
import { SessionToken } from './session-token.js';

type Events = Omit<ServerToClientEvents, 'message:new'> &
  Pick<ServerToClientEvents, 'message:new'> &
  ChatClientEvents;
type Handler<E extends keyof Events> = Events[E];

/**
 * The contract as promises, with gapless resume: every room joined is
 * remembered with the highest `seq` handed to the app; after any reconnect
 * Socket.IO's recovery did not restore, each is joined again with `since`
 * and paged with `room:history { after }`, so `on('message:new')` sees each
 * room message once, in `seq` order. Sends carry a `clientMessageId` and
 * are retried with it (never duplicated) on `UNAVAILABLE` or a timeout.
 */
export class ChatClient {
  /** The underlying Socket.IO socket (typed with the contract's event maps). */
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly handlers = new Map<
    keyof Events,
    Set<(...args: never[]) => void>
  >();
  private readonly following: RoomFollowing;
  private readonly sendRetries: number;
  private session: SessionInfo | null = null;
  private readonly token: SessionToken | null;
  private readonly calls: CallGate;
  /** Handshakes answered `UNAVAILABLE` in a row, and the next try's timer. */
  private unavailableTries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(url: string, options: ChatClientOptions = {}) {
    this.sendRetries = options.sendRetries ?? 5;
    const auth =
      options.auth ?? (options.nickname ? { nickname: options.nickname } : {});
    this.token = options.token
      ? new SessionToken(options.token, (token) =>
          this.call('session:refresh', { token }),
        )
      : null;
    this.socket = io(`${url.replace(/\/$/, '')}/chat`, {
      path: options.path,
      auth: this.token?.handshake(auth) ?? auth,
      ...options.socket,
    });
    this.calls = new CallGate(this.socket, options.ackTimeoutMs ?? 5000);
    const sequencer = new RoomSequencer(
      async (room, after) => this.history(room, { after }),
      {
        message: (message) => this.dispatch('message:new', message),
        gap: (room, from, to) => this.dispatch('gap', { room, from, to }),
      },
    );
    const signedIn = Boolean(options.token ?? options.auth);
    this.following = new RoomFollowing(
      sequencer,
      (event, payload) => this.call(event, payload),
      (event, payload) => this.dispatch(event, payload),
      () => this.socket.connected,
      signedIn,
    );
    this.socket.on('message:new', (message) => this.following.live(message));
    this.socket.on('room:kicked', ({ room }) => this.following.forget(room));
    this.socket.on('room:added', ({ room }) => void this.following.adopt(room));
    this.socket.on('room:left', ({ room, member }) => {
      // Left on another device: this one follows the room no more.
      if (member.userId === this.session?.userId) this.following.forget(room);
    });
    this.socket.on('session', (session) => {
      this.session = session;
      this.token?.scheduleFor();
    });
    this.socket.on('disconnect', () => this.token?.stop());
    this.socket.on('connect_error', (error) => this.refused(error));
    this.socket.on('connect', () => {
      this.unavailableTries = 0;
      if (this.socket.recovered) return;
      // Signed in, the server has put the socket in every room of the user.
      const synced = signedIn
        ? this.following.syncMemberships().catch(() => undefined)
        : Promise.resolve();
      void synced.then(() => this.following.resumeAll());
    });
    this.socket.onAny((event: string, payload: unknown) => {
      // `message:new` goes through the sequencer; every other event as it came.
      if (event !== 'message:new') this.dispatchAny(event, payload);
    });
  }

  /** The `session` of the current connection (`null` before the first). */
  get me(): SessionInfo | null {
    return this.session;
  }

  /** Subscribes to a contract event (or `gap`); returns the way to unsubscribe. */
  on<E extends keyof Events>(event: E, handler: Handler<E>): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Joins, and from then on hands the room's `message:new` after `history` to the app. */
  join(room: string): Promise<JoinResult> {
    return this.following.join(room);
  }

  async leave(room: string): Promise<{ room: string }> {
    const left = await this.call<{ room: string }>('room:leave', { room });
    this.following.forget(room);
    return left;
  }

  /** The signed-in user's rooms, the most recently active first, with unread counts (`inbox:list`). */
  inbox(page: InboxPayload = {}): Promise<InboxResult> {
    return this.call<InboxResult>('inbox:list', page);
  }

  /**
   * Opens (or finds) the direct room with `userId` (`dm:open`) and follows
   * it as a joined room: its `history` is in the result, what follows
   * comes through `message:new`.
   */
  async openDirect(userId: string): Promise<DirectResult> {
    const opened = await this.call<DirectResult>('dm:open', { userId });
    await this.following.adopt(opened.room);
    return opened;
  }

  /**
   * Sends once, whatever the retries: a `clientMessageId` makes them
   * idempotent. `replyTo`: the id of the room message this one answers.
   */
  async send(
    room: string,
    text: string,
    { replyTo }: { replyTo?: string } = {},
  ): Promise<Message> {
    const clientMessageId = newClientMessageId();
    for (let attempt = 0; ; attempt++) {
      try {
        const { message } = await this.call<{ message: Message }>(
          'message:send',
          { room, text, clientMessageId, ...(replyTo ? { replyTo } : {}) },
        );
        return message;
      } catch (error) {
        const retried = error instanceof ChatError && RETRIED.has(error.code);
        if (!retried || attempt >= this.sendRetries) throw error;
        await delay(250 * 2 ** attempt);
      }
    }
  }

  history(
    room: string,
    page: Omit<HistoryPayload, 'room'> = {},
  ): Promise<HistoryResult> {
    return this.call<HistoryResult>('room:history', { room, ...page });
  }

  async edit(room: string, id: string, text: string): Promise<Message> {
    return (
      await this.call<{ message: Message }>('message:edit', { room, id, text })
    ).message;
  }

  delete(room: string, id: string): Promise<MessageRefPayload> {
    return this.call<MessageRefPayload>('message:delete', { room, id });
  }

  read(room: string, seq: number): Promise<ReadEvent> {
    return this.call<ReadEvent>('room:read', { room, seq });
  }

  typing(room: string, typing: boolean): Promise<Record<string, never>> {
    return this.call('typing', { room, typing });
  }

  async sendPrivate(to: string, text: string): Promise<PrivateMessage> {
    const { message } = await this.call<{ message: Message }>(
      'message:private',
      { to, text },
    );
    return { ...message, to };
  }

  async broadcast(text: string, includeSelf = false): Promise<Message> {
    return (
      await this.call<{ message: Message }>('message:broadcast', {
        text,
        includeSelf,
      })
    ).message;
  }

  /** Adds (`on`, the default) or removes the user's `emoji` on a room message; resolves with its reactions. */
  react(
    room: string,
    id: string,
    emoji: string,
    on = true,
  ): Promise<ReactResult> {
    return this.call<ReactResult>('message:react', { room, id, emoji, on });
  }

  /** The room's kept messages with every word of `query`, newest first (`room:search`). */
  search(room: string, query: string, limit?: number): Promise<SearchResult> {
    return this.call<SearchResult>('room:search', { room, query, limit });
  }

  rooms(page: RoomListPayload = {}): Promise<RoomListResult> {
    return this.call<RoomListResult>('room:list', page);
  }

  close(): void {
    clearTimeout(this.retryTimer);
    this.token?.stop();
    this.socket.disconnect();
  }

  private call<T>(event: string, payload: unknown): Promise<T> {
    return this.calls.call<T>(event, payload);
  }

  /** A `connect_error` Socket.IO will not retry: the server refused the handshake. */
  private refused(error: Error & { data?: unknown }): void {
    if (this.socket.active) return;
    if (error.message === 'UNAVAILABLE') {
      // The server could not read the user's rooms (its store is away):
      // not a refusal of the user; tried again with backoff.
      const wait = Math.min(250 * 2 ** this.unavailableTries++, 5000);
      this.retryTimer = setTimeout(() => this.socket.connect(), wait);
      return;
    }
    this.dispatch('error', this.calls.refuse(error.message, error.data));
  }

  private dispatchAny(event: string, payload: unknown): void {
    for (const handler of this.handlers.get(event as keyof Events) ?? []) {
      (handler as (payload: unknown) => void)(payload);
    }
  }

  private dispatch<E extends keyof Events>(
    event: E,
    payload: Parameters<Events[E]>[0],
  ): void {
    this.dispatchAny(event, payload);
  }
}

/** A client for `url` (the server's origin, e.g. `http://host:3000`); it connects at once. */
export function createChatClient(
  url: string,
  options?: ChatClientOptions,
): ChatClient {
  return new ChatClient(url, options);
}
