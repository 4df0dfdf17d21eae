import type {
  Reaction,
  Member,
  Message,
  PrivateMessage,
  ErrorBody,
  Ack,
  RoomSummary,
  SessionInfo,
  MemberPresence,
  InboxPayload,
  InboxResult,
  PresenceEvent,
  RoomAddedEvent,
} from './models.js';

export type * from './models.js';

// Client → server payloads
export interface RoomPayload {
  room: string;
}
/** `room:list` pages through the rooms in name order (at most 100 a page). */
export interface RoomListPayload {
  /** Rooms whose name sorts after this one (a previous page's `next`). */
  after?: string;
  /** Rooms per page, 1–100 (default 100). */
  limit?: number;
}
export interface JoinPayload {
  room: string;
  /** The highest `seq` the client has: `history` then starts with the first message it missed. */
  since?: number;
}
/** At most one of `before` and `after`; without either, the newest messages. */
export interface HistoryPayload {
  room: string;
  /** 1 to the history limit (the default). */
  limit?: number;
  /** The newest `limit` messages with `seq < before`. */
  before?: number;
  /** The oldest `limit` messages with `seq > after`. */
  after?: number;
}
export interface SendPayload {
  room: string;
  text: string;
  /** 1–64 of `[A-Za-z0-9_-]`: makes the send idempotent for this user and room. */
  clientMessageId?: string;
  /** The id of a kept, undeleted message of the room that this one answers (quoted). */
  replyTo?: string;
}
export interface BroadcastPayload {
  text: string;
  includeSelf?: boolean;
}
export interface PrivatePayload {
  to: string;
  text: string;
}
export interface TypingPayload {
  room: string;
  typing: boolean;
}
/** A room message by its `id`. */
export interface MessageRefPayload {
  room: string;
  id: string;
}
export interface EditPayload extends MessageRefPayload {
  text: string;
}
/** `message:react`: adds (`on`) or removes this user's `emoji` on a room message. */
export interface ReactPayload extends MessageRefPayload {
  /** 1–16 characters, no whitespace or control characters. */
  emoji: string;
  on: boolean;
}
/** `message:react`'s ack: the message's reactions now. */
export interface ReactResult extends MessageRefPayload {
  reactions: Reaction[];
}
/** `message:reactions`: a message's reactions changed. */
export interface ReactionsEvent extends ReactResult {
  seq: number;
}
export interface ReadPayload {
  room: string;
  /** The highest `seq` the user has seen; clamped to the room's `latestSeq`. */
  seq: number;
}

// Ack data
export interface JoinResult {
  room: string;
  /** The room's members, online ones first, at most 500 (see `memberCount`). */
  members: MemberPresence[];
  /** How many members the room has, online or not. */
  memberCount: number;
  /** Oldest first: the newest messages, or with `since` the first ones missed. */
  history: Message[];
  /** The room's newest `seq` (0 for a room without messages). */
  latestSeq: number;
  /** Whether `history` holds every message asked for (from `seq` 1, or after `since`). */
  complete: boolean;
  /** How far this user has read (`room:read`; 0 when never read). */
  lastRead: number;
  /** Kept, undeleted messages by others with `seq > lastRead`. */
  unread: number;
}
export interface DirectPayload {
  /** The other user (the caller's own id: a direct room of one). */
  userId: string;
}
export interface DirectResult extends JoinResult {
  kind: 'direct';
  peer: Member;
}
export interface LeaveResult {
  room: string;
}
export interface RoomListResult {
  rooms: RoomSummary[];
  /** Present when more rooms follow: pass it as `after` for the next page. */
  next?: string;
}
export interface HistoryResult {
  room: string;
  /** Oldest first. */
  messages: Message[];
  /** More messages exist beyond this page: older for the newest page or `before`, newer for `after`. */
  hasMore: boolean;
}
export interface MessageResult {
  message: Message;
}
export type EmptyResult = Record<string, never>;
/** `room:read`'s ack, and the event the user's other sockets get when it moved. */
export interface ReadEvent {
  room: string;
  lastRead: number;
}
/** `message:deleted`: the message with this id and seq is a tombstone now. */
export interface DeletedEvent {
  room: string;
  id: string;
  seq: number;
}

export interface ClientToServerEvents {
  'room:join': (payload: JoinPayload, ack: Ack<JoinResult>) => void;
  'room:leave': (payload: RoomPayload, ack: Ack<LeaveResult>) => void;
  'room:list': (
    payload: RoomListPayload | EmptyResult,
    ack: Ack<RoomListResult>,
  ) => void;
  'room:history': (payload: HistoryPayload, ack: Ack<HistoryResult>) => void;
  'message:send': (payload: SendPayload, ack: Ack<MessageResult>) => void;
  'message:broadcast': (
    payload: BroadcastPayload,
    ack: Ack<MessageResult>,
  ) => void;
  'message:private': (payload: PrivatePayload, ack: Ack<MessageResult>) => void;
  typing: (payload: TypingPayload, ack: Ack<EmptyResult>) => void;
  'message:edit': (payload: EditPayload, ack: Ack<MessageResult>) => void;
  'message:delete': (
    payload: MessageRefPayload,
    ack: Ack<MessageRefPayload>,
  ) => void;
  'room:read': (payload: ReadPayload, ack: Ack<ReadEvent>) => void;
  /** Adds or removes the user's emoji on a room message. */
  'message:react': (payload: ReactPayload, ack: Ack<ReactResult>) => void;
  /** The room's kept messages that contain every word of `query`, newest first. */
  'room:search': (payload: SearchPayload, ack: Ack<SearchResult>) => void;
  /** The signed-in user's rooms, the most recently active first, with unread counts. */
  'inbox:list': (
    payload: InboxPayload | EmptyResult,
    ack: Ack<InboxResult>,
  ) => void;
  /** Opens (or finds) the direct room of the caller and `userId`. */
  'dm:open': (payload: DirectPayload, ack: Ack<DirectResult>) => void;
  /** A signed-in socket's new token, before its current one expires. */
  'session:refresh': (
    payload: SessionRefreshPayload,
    ack: Ack<SessionRefreshResult>,
  ) => void;
}

export interface SearchPayload {
  room: string;
  /** 1–200 characters; each of its words must be in a message, as a whole word, in any case. */
  query: string;
  /** 1–50, default 20. */
  limit?: number;
}

export interface SearchResult {
  room: string;
  /** Newest first; never a deleted message. */
  messages: Message[];
}

export interface SessionRefreshPayload {
  /** A JWT for the same `sub` (at most 8 kB). */
  token: string;
}

export interface SessionRefreshResult {
  /** The new token's `exp` (Unix seconds): the socket now lives until then; `null`: no expiry. */
  exp: number | null;
}

export interface MemberEvent {
  room: string;
  member: Member;
}

export interface TypingEvent {
  room: string;
  member: Member;
  typing: boolean;
}

/** Sent instead of a failed ack when the client gave no ack callback. */
export interface ExceptionEvent {
  code: ErrorBody['code'];
  message: string;
  event: string;
  details?: unknown;
}

export interface ServerToClientEvents {
  session: (session: SessionInfo) => void;
  'room:joined': (event: MemberEvent) => void;
  'room:left': (event: MemberEvent) => void;
  'room:kicked': (event: RoomPayload) => void;
  /** A member of a room you are in connected its first socket, or its last one went. */
  presence: (event: PresenceEvent) => void;
  /** You became a member of a room through someone else (a direct room, the host). */
  'room:added': (event: RoomAddedEvent) => void;
  'message:new': (message: Message) => void;
  'message:broadcast': (message: Message) => void;
  'message:private': (message: PrivateMessage) => void;
  announcement: (message: Message) => void;
  typing: (event: TypingEvent) => void;
  'message:updated': (message: Message) => void;
  'message:deleted': (event: DeletedEvent) => void;
  /** A message's reactions changed (sent only on a change). */
  'message:reactions': (event: ReactionsEvent) => void;
  'room:read': (event: ReadEvent) => void;
  exception: (event: ExceptionEvent) => void;
}

/** What `socket.data` holds for a `/chat` connection. */
export interface SocketData {
  user: Member;
  /** Epoch ms at which a signed-in session ends (its token's `exp`), if it does. */
  expiresAt?: number;
  /** A signed-in user's rooms, read during the handshake: the socket starts in them. */
  memberRooms?: string[];
}

/** Handshake `auth` of the default identity. */
export interface ChatHandshakeAuth {
  nickname?: string | null;
}
