import type {
  Ack,
  EmptyResult,
  ExceptionEvent,
  MessageRefPayload,
  MessageResult,
  RoomPayload,
} from './events.js';

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

export interface ModerationPayload {
  userId: string;
  room: string;
  /** A positive integer of milliseconds; without it, until lifted. */
  durationMs?: number;
}
/** A ban or mute in force. */
export interface ModerationEntry {
  userId: string;
  /** When it ends (epoch ms); `null`: until lifted. */
  until: number | null;
}
export interface ModerationResult {
  room: string;
  bans: ModerationEntry[];
  mutes: ModerationEntry[];
}

export interface AdminClientToServerEvents {
  'admin:announce': (
    payload: { text: string },
    ack: Ack<MessageResult>,
  ) => void;
  'admin:kick': (payload: KickPayload, ack: Ack<KickResult>) => void;
  'admin:stats': (payload: EmptyResult, ack: Ack<StatsResult>) => void;
  'admin:delete': (
    payload: MessageRefPayload,
    ack: Ack<MessageRefPayload>,
  ) => void;
  'admin:ban': (payload: ModerationPayload, ack: Ack<KickResult>) => void;
  'admin:unban': (
    payload: Omit<ModerationPayload, 'durationMs'>,
    ack: Ack<EmptyResult>,
  ) => void;
  'admin:mute': (payload: ModerationPayload, ack: Ack<EmptyResult>) => void;
  'admin:unmute': (
    payload: Omit<ModerationPayload, 'durationMs'>,
    ack: Ack<EmptyResult>,
  ) => void;
  /** Not in the contract's table: the bans and mutes in force in a room. */
  'admin:moderation': (
    payload: RoomPayload,
    ack: Ack<ModerationResult>,
  ) => void;
}

export interface AdminServerToClientEvents {
  exception: (event: ExceptionEvent) => void;
}

/** `handshake.auth` of the admin namespace. */
export interface AdminHandshakeAuth {
  token: string;
}
