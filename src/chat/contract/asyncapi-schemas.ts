import {
  CLIENT_MESSAGE_ID_PATTERN,
  MAX_TOKEN_BYTES,
  ROOM_NAME_PATTERN,
  MESSAGE_ID_MAX_LENGTH,
  QUOTE_MAX_LENGTH,
  SEARCH,
  USER_ID_MAX_LENGTH,
} from '../module/chat.constants.js';
import { ErrorCode } from './error-code.enum.js';

// JSON Schemas (draft-07, as AsyncAPI 3.0 takes them) of the contract's
// payloads; plain objects reused by reference, so the document needs no $ref.

export type Schema = Record<string, unknown>;

export const string = { type: 'string' };
export const integer = { type: 'integer' };
export const seq = { type: 'integer', minimum: 0 };
export const epochMs = { type: 'integer', description: 'Epoch milliseconds' };

/** An object with these properties, of which `required` must be there. */
export const object = (
  properties: Record<string, Schema>,
  required: string[] = Object.keys(properties),
): Schema => ({ type: 'object', properties, required });

/**
 * A client's payload: like `object`, but an optional field may also be
 * `null`, which the DTOs take as missing (class-validator's `IsOptional`).
 */
export const payload = (
  properties: Record<string, Schema>,
  required: string[] = Object.keys(properties),
): Schema =>
  object(
    Object.fromEntries(
      Object.entries(properties).map(([name, schema]) => [
        name,
        required.includes(name)
          ? schema
          : { anyOf: [schema, { type: 'null' }] },
      ]),
    ),
    required,
  );

export const room = {
  type: 'string',
  pattern: ROOM_NAME_PATTERN.source,
  description: 'A room name',
};
const text = {
  type: 'string',
  minLength: 1,
  description: 'Trimmed; 1 to the configured maximum (default 2000)',
};
const clientMessageId = {
  type: 'string',
  pattern: CLIENT_MESSAGE_ID_PATTERN.source,
};
export const userId = {
  type: 'string',
  minLength: 1,
  maxLength: USER_ID_MAX_LENGTH,
};

export const member = object({ userId: string, nickname: string });

export const reactions = {
  type: 'array',
  maxItems: 20,
  items: object({
    emoji: string,
    count: { type: 'integer', minimum: 1 },
    userIds: { type: 'array', items: string, maxItems: 20 },
  }),
  description: 'In the order each emoji was first added; userIds: the first 20',
};
export const message = object(
  {
    id: string,
    room: { type: ['string', 'null'] },
    from: member,
    text: string,
    at: epochMs,
    seq: {
      type: 'integer',
      minimum: 1,
      description: 'Room messages: gapless per room',
    },
    clientMessageId,
    editedAt: epochMs,
    deletedAt: { ...epochMs, description: 'A tombstone: text is ""' },
    replyTo: object({
      id: string,
      seq: { type: 'integer', minimum: 1 },
      from: member,
      text: {
        type: 'string',
        maxLength: QUOTE_MAX_LENGTH,
        description:
          'The quoted message’s first 200 characters; "" once it is deleted (in history)',
      },
    }),
  },
  ['id', 'room', 'from', 'text', 'at'],
);

export const privateMessage = {
  ...message,
  properties: { ...(message.properties as object), to: string },
  required: [...(message.required as string[]), 'to'],
};

export const errorBody = object(
  {
    code: { type: 'string', enum: Object.values(ErrorCode) },
    message: string,
    details: {
      description: 'VALIDATION_FAILED: [{ field, errors: string[] }]',
    },
  },
  ['code', 'message'],
);

/** The ack of an event: `{ ok: true, data }` or `{ ok: false, error }`. */
export const ack = (data: Schema): Schema => ({
  oneOf: [
    object({ ok: { const: true }, data }),
    object({ ok: { const: false }, error: errorBody }),
  ],
});

export const empty = { type: 'object', maxProperties: 0 };
export const messageResult = object({ message });
export const roomRef = object({ room });
export const messageRef = object({ room, id: string });
export const memberEvent = object({ room: string, member });
export const readEvent = object({ room: string, lastRead: seq });

export const joinPayload = payload({ room, since: seq }, ['room']);
const memberPresence = object({
  userId: string,
  nickname: string,
  online: { type: 'boolean' },
});
export const kind = { type: 'string', enum: ['room', 'direct'] };
export const joinResult = object({
  room: string,
  members: {
    type: 'array',
    items: memberPresence,
    maxItems: 500,
    description: 'Online members first',
  },
  memberCount: { type: 'integer', minimum: 0 },
  history: { type: 'array', items: message },
  latestSeq: seq,
  complete: { type: 'boolean' },
  lastRead: seq,
  unread: { type: 'integer', minimum: 0 },
});
export const roomListPayload = payload(
  { after: string, limit: { type: 'integer', minimum: 1, maximum: 100 } },
  [],
);
export const roomListResult = object(
  {
    rooms: { type: 'array', items: object({ room: string, members: integer }) },
    next: string,
  },
  ['rooms'],
);
export const historyPayload = payload(
  { room, limit: { type: 'integer', minimum: 1 }, before: seq, after: seq },
  ['room'],
);
export const historyResult = object({
  room: string,
  messages: { type: 'array', items: message },
  hasMore: { type: 'boolean' },
});
export const sendPayload = payload(
  {
    room,
    text,
    clientMessageId,
    replyTo: {
      type: 'string',
      minLength: 1,
      maxLength: MESSAGE_ID_MAX_LENGTH,
      description: 'A kept, undeleted message of the room (else NOT_FOUND)',
    },
  },
  ['room', 'text'],
);
export const broadcastPayload = payload(
  { text, includeSelf: { type: 'boolean' } },
  ['text'],
);
export const privatePayload = object({ to: userId, text });
export const typingPayload = object({ room, typing: { type: 'boolean' } });
export const typingEvent = object({
  room: string,
  member,
  typing: { type: 'boolean' },
});
export const editPayload = object({ room, id: string, text });
export const readPayload = object({ room, seq });
export const searchPayload = payload(
  {
    room,
    query: { type: 'string', minLength: 1, maxLength: SEARCH.maxQuery },
    limit: { type: 'integer', minimum: 1, maximum: SEARCH.maxLimit },
  },
  ['room', 'query'],
);
export const searchResult = object({
  room: string,
  messages: { type: 'array', items: message },
});
export const sessionRefreshPayload = object({
  token: { type: 'string', minLength: 1, maxLength: MAX_TOKEN_BYTES },
});
export const sessionRefreshResult = object({
  exp: {
    type: ['integer', 'null'],
    description: 'The new token’s exp (Unix seconds); null: no expiry',
  },
});
export const deletedEvent = object({
  room: string,
  id: string,
  seq: { type: 'integer', minimum: 1 },
});
export const sessionEvent = object({
  id: string,
  userId: string,
  nickname: string,
});
export const exceptionEvent = object(
  { ...(errorBody.properties as Record<string, Schema>), event: string },
  ['code', 'message', 'event'],
);

export const kickPayload = payload({ userId, room }, ['userId']);
export const kickResult = object({ kicked: { type: 'integer', minimum: 0 } });
export const moderationPayload = payload(
  { userId, room, durationMs: { type: 'integer', minimum: 1 } },
  ['userId', 'room'],
);
export const moderationTarget = object({ userId, room });
const moderationEntry = object({
  userId: string,
  until: { type: ['integer', 'null'] },
});
export const moderationResult = object({
  room: string,
  bans: { type: 'array', items: moderationEntry },
  mutes: { type: 'array', items: moderationEntry },
});
export const statsResult = object({
  connections: integer,
  rooms: integer,
  messages: integer,
});
export const textPayload = object({ text });
