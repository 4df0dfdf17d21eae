import {
  CLIENT_MESSAGE_ID_PATTERN,
  EMOJI_PATTERN,
  MESSAGE_ID_MAX_LENGTH,
  ROOM_NAME_PATTERN,
  USER_ID_MAX_LENGTH,
} from '../../module/chat.constants.js';
import type {
  BroadcastPayload,
  JoinPayload,
  PrivatePayload,
  ReactPayload,
  RoomPayload,
  SendPayload,
  TypingPayload,
} from '../../contract/events.js';
import { BroadcastMessageDto } from '../../dto/broadcast-message.dto.js';
import { JoinRoomDto } from '../../dto/join-room.dto.js';
import { PrivateMessageDto } from '../../dto/private-message.dto.js';
import { ReactDto } from '../../dto/react.dto.js';
import { RoomDto } from '../../dto/room.dto.js';
import { SendMessageDto } from '../../dto/send-message.dto.js';
import { TypingDto } from '../../dto/typing.dto.js';

type Payload = Readonly<Record<string, unknown>>;
export type FastCheck = (payload: Payload) => object | null;

const isRoomName = (value: unknown): value is string =>
  typeof value === 'string' && ROOM_NAME_PATTERN.test(value);

const isMessageId = (value: unknown): value is string =>
  typeof value === 'string' &&
  value.length >= 1 &&
  value.length <= MESSAGE_ID_MAX_LENGTH;

const isSeq = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;

/** `text` as `TextDto` takes it: a string, trimmed, not empty. */
function trimmedText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

/**
 * Cheap checks of the rules of the DTOs on hot paths (messages, typing, and
 * joins, which come in storms when clients reconnect).
 * Each returns what the full class-transformer + class-validator run would
 * produce (known fields only, text trimmed), or `null` to leave the payload
 * to that run, which also words the errors. A check may refuse more than
 * the decorators, never accept more: `fast-accept.spec.ts`
 * compares both on generated payloads. Keyed by exact class (no inheritance).
 */
const FAST_CHECKS = new Map<unknown, FastCheck>([
  [
    RoomDto,
    ({ room }): RoomPayload | null => (isRoomName(room) ? { room } : null),
  ],
  [
    JoinRoomDto,
    ({ room, since }): JoinPayload | null => {
      if (!isRoomName(room)) return null;
      if (since === undefined) return { room };
      return isSeq(since) ? { room, since } : null;
    },
  ],
  [
    SendMessageDto,
    ({ room, text, clientMessageId, replyTo }): SendPayload | null => {
      const trimmed = trimmedText(text);
      if (!isRoomName(room) || !trimmed) return null;
      const send: SendPayload = { room, text: trimmed };
      if (clientMessageId !== undefined) {
        if (
          typeof clientMessageId !== 'string' ||
          !CLIENT_MESSAGE_ID_PATTERN.test(clientMessageId)
        )
          return null;
        send.clientMessageId = clientMessageId;
      }
      if (replyTo !== undefined) {
        if (!isMessageId(replyTo)) return null;
        send.replyTo = replyTo;
      }
      return send;
    },
  ],
  [
    ReactDto,
    ({ room, id, emoji, on }): ReactPayload | null =>
      isRoomName(room) &&
      isMessageId(id) &&
      typeof emoji === 'string' &&
      EMOJI_PATTERN.test(emoji) &&
      typeof on === 'boolean'
        ? { room, id, emoji, on }
        : null,
  ],
  [
    TypingDto,
    ({ room, typing }): TypingPayload | null =>
      isRoomName(room) && typeof typing === 'boolean' ? { room, typing } : null,
  ],
  [
    BroadcastMessageDto,
    ({ text, includeSelf }): BroadcastPayload | null => {
      const trimmed = trimmedText(text);
      if (!trimmed) return null;
      if (includeSelf === undefined) return { text: trimmed };
      return typeof includeSelf === 'boolean'
        ? { text: trimmed, includeSelf }
        : null;
    },
  ],
  [
    PrivateMessageDto,
    ({ to, text }): PrivatePayload | null => {
      const trimmed = trimmedText(text);
      return trimmed &&
        typeof to === 'string' &&
        to.length > 0 &&
        to.length <= USER_ID_MAX_LENGTH
        ? { to, text: trimmed }
        : null;
    },
  ],
]);

/**
 * The DTO's cheap check: the validated payload if it accepts it, else
 * `null`. No check (`null`): every payload goes the full way.
 */
export function fastCheckOf(dto: unknown): FastCheck | null {
  return FAST_CHECKS.get(dto) ?? null;
}
