import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io';
import type { ChatAuthenticator } from '../module/chat-options.interface.js';
import {
  NICKNAME_MAX_LENGTH,
  SYSTEM_MEMBER,
} from '../module/chat.constants.js';
import { HandshakeError } from '../contract/error-code.enum.js';
import type { Member } from '../contract/events.js';

/** Thrown by an authenticator to refuse a handshake with a given `connect_error` message. */
export class HandshakeRefusal extends Error {
  constructor(readonly code: HandshakeError) {
    super(code);
    this.name = 'HandshakeRefusal';
  }
}

const CONTROL_CHARACTERS = /\p{Cc}/u;
/** Invisible characters (format, e.g. zero-width) a look-alike of a reserved name could hide. */
const INVISIBLE = /\p{Cf}/gu;

/** Whether a nickname would pass for the system member's (`system`, `SYSTEM`, `ｓｙｓｔｅｍ`, `sys\u200Btem`). */
function isReservedNickname(nickname: string): boolean {
  return (
    nickname.normalize('NFKC').replace(INVISIBLE, '').toLowerCase() ===
    SYSTEM_MEMBER.nickname
  );
}

/** `raw` trimmed, if it passes the nickname rule (1–32 characters, no control characters, not the system's); else `null`. */
export function validNickname(raw: unknown): string | null {
  const nickname = typeof raw === 'string' ? raw.trim() : '';
  return nickname.length < 1 ||
    nickname.length > NICKNAME_MAX_LENGTH ||
    CONTROL_CHARACTERS.test(nickname) ||
    isReservedNickname(nickname)
    ? null
    : nickname;
}

export const guestName = () => `guest-${randomBytes(2).toString('hex')}`;

/**
 * The default identity: an anonymous user named by `auth.nickname` (or
 * `guest-XXXX`), whose `userId` is the socket's own id.
 */
export const nicknameIdentity: ChatAuthenticator = (
  handshake,
  { socketId },
) => {
  const auth: unknown = handshake.auth;
  const raw =
    typeof auth === 'object' && auth !== null
      ? (auth as { nickname?: unknown }).nickname
      : undefined;
  if (raw === undefined || raw === null) {
    return { userId: socketId, nickname: guestName() };
  }
  const nickname = validNickname(raw);
  if (nickname === null) {
    throw new HandshakeRefusal(HandshakeError.InvalidHandshake);
  }
  return { userId: socketId, nickname };
};

function isMember(value: unknown): value is Member {
  const member = value as Partial<Member> | null;
  return (
    typeof member?.userId === 'string' &&
    member.userId.length > 0 &&
    typeof member.nickname === 'string'
  );
}

type Middleware = (socket: Socket, next: (err?: Error) => void) => void;

/**
 * Socket.IO middleware that runs the authenticator and stores the user in
 * `socket.data.user`; Nest guards do not run on connection, so this is where
 * the handshake is checked, recovered sessions included.
 */
export function handshakeMiddleware(
  authenticate: ChatAuthenticator,
): Middleware {
  return (socket, next) => {
    Promise.resolve()
      .then(() => authenticate(socket.handshake, { socketId: socket.id }))
      .then(
        (user) => {
          const data = socket.data as { user?: Member; expiresAt?: number };
          // A recovered session keeps its identity, if the handshake still maps to that user.
          const restored = socket.recovered ? data.user : undefined;
          if (!isMember(user) || (restored && restored.userId !== user.userId))
            return next(new Error(HandshakeError.Unauthorized));
          data.user = restored ?? {
            userId: user.userId,
            nickname: user.nickname,
          };
          data.expiresAt = user?.expiresAt;
          next();
        },
        (error: unknown) =>
          next(
            new Error(
              error instanceof HandshakeRefusal
                ? error.code
                : HandshakeError.Unauthorized,
            ),
          ),
      );
  };
}

/**
 * Socket.IO middleware that reads a signed-in user's rooms before the
 * handshake completes, so the socket is in all of them before the client
 * can send its first event. A store that is away refuses the handshake
 * (the client retries).
 */
export function memberRoomsMiddleware(members: {
  roomsForArrival(userId: string): Promise<string[]>;
}): Middleware {
  return (socket, next) => {
    const data = socket.data as { user: Member; memberRooms?: string[] };
    members.roomsForArrival(data.user.userId).then(
      (rooms) => {
        data.memberRooms = rooms;
        next();
      },
      () => next(new Error(HandshakeError.Unavailable)),
    );
  };
}

/** The `/chat` handshake: the identity, then (signed-in users) their rooms. */
export function chatHandshake(
  authenticate: ChatAuthenticator | undefined,
  members: {
    enabled: boolean;
    roomsForArrival(userId: string): Promise<string[]>;
  },
): Middleware[] {
  return [
    handshakeMiddleware(authenticate ?? nicknameIdentity),
    ...(members.enabled ? [memberRoomsMiddleware(members)] : []),
  ];
}
