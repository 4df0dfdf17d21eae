import type { ErrorCode } from './error-code.enum.js';

export interface Member {
  userId: string;
  nickname: string;
}

export interface Message {
  id: string;
  room: string | null;
  from: Member;
  text: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface PrivateMessage extends Message {
  to: string;
}

export interface ErrorBody {
  code: ErrorCode | `${ErrorCode}`;
  message: string;
  details?: unknown;
}

export type AckSuccess<T> = { ok: true; data: T };
export type AckFailure = { ok: false; error: ErrorBody };
export type AckResponse<T> = AckSuccess<T> | AckFailure;
export type Ack<T> = (response: AckResponse<T>) => void;

export interface RoomSummary {
  room: string;
  members: number;
}

export interface SessionInfo {
  id: string;
  userId: string;
  nickname: string;
}

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
export interface HistoryPayload {
  room: string;
  limit?: number;
}
export interface SendPayload {
  room: string;
  text: string;
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

// Ack data
export interface JoinResult {
  room: string;
  members: Member[];
  history: Message[];
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
  messages: Message[];
}
export interface MessageResult {
  message: Message;
}
export type EmptyResult = Record<string, never>;

export interface ClientToServerEvents {
  'room:join': (payload: RoomPayload, ack: Ack<JoinResult>) => void;
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
  'message:new': (message: Message) => void;
  'message:broadcast': (message: Message) => void;
  'message:private': (message: PrivateMessage) => void;
  announcement: (message: Message) => void;
  typing: (event: TypingEvent) => void;
  exception: (event: ExceptionEvent) => void;
}

/** What `socket.data` holds for a `/chat` connection. */
export interface SocketData {
  user: Member;
}

/** Handshake `auth` of the default identity. */
export interface ChatHandshakeAuth {
  nickname?: string | null;
}

// Admin namespace (`/admin`)
export interface KickPayload {
  userId: string;
  room?: string;
}
export interface KickResult {
  kicked: number;
}
export interface StatsResult {
  /** `/chat` sockets connected. */
  connections: number;
  /** Rooms that exist. */
  rooms: number;
  /** Chat messages accepted since start: room, broadcast, private, announcements. */
  messages: number;
}

export interface AdminClientToServerEvents {
  'admin:announce': (
    payload: { text: string },
    ack: Ack<MessageResult>,
  ) => void;
  'admin:kick': (payload: KickPayload, ack: Ack<KickResult>) => void;
  'admin:stats': (payload: EmptyResult, ack: Ack<StatsResult>) => void;
}

export interface AdminServerToClientEvents {
  exception: (event: ExceptionEvent) => void;
}

/** `handshake.auth` of the admin namespace. */
export interface AdminHandshakeAuth {
  token: string;
}
