import {
  EMOJI_PATTERN,
  INBOX,
  MESSAGE_ID_MAX_LENGTH,
} from '../module/chat.constants.js';
import {
  epochMs,
  joinResult,
  kind,
  member,
  message,
  object,
  payload,
  reactions,
  room,
  seq,
  string,
  userId,
  type Schema,
} from './asyncapi-schemas.js';

// The schemas of conversations (PROTOCOL.md, "Members, presence and the
// inbox", "Direct rooms", "Replies and reactions"), beside the core ones.

export const reactPayload = object({
  room,
  id: { type: 'string', minLength: 1, maxLength: MESSAGE_ID_MAX_LENGTH },
  emoji: {
    type: 'string',
    pattern: EMOJI_PATTERN.source,
    description: '1–16 characters, no whitespace or control characters',
  },
  on: { type: 'boolean' },
});
export const reactResult = object({ room: string, id: string, reactions });
export const reactionsEvent = object({
  room: string,
  id: string,
  seq: { type: 'integer', minimum: 1 },
  reactions,
});
export const inboxPayload = payload(
  {
    limit: { type: 'integer', minimum: 1, maximum: INBOX.maxLimit },
    cursor: {
      type: 'string',
      maxLength: INBOX.maxCursor,
      description: 'A previous page’s cursor, as the server made it',
    },
  },
  [],
);
const inboxEntry = object(
  {
    room: string,
    kind,
    activeAt: epochMs,
    latestSeq: seq,
    lastRead: seq,
    unread: { type: 'integer', minimum: 0 },
    lastMessage: { anyOf: [message, { type: 'null' }] },
    memberCount: { type: 'integer', minimum: 0 },
    peer: member,
  },
  [
    'room',
    'kind',
    'activeAt',
    'latestSeq',
    'lastRead',
    'unread',
    'lastMessage',
    'memberCount',
  ],
);
export const inboxResult = object({
  rooms: { type: 'array', items: inboxEntry },
  totalUnread: { type: 'integer', minimum: 0 },
  hasMore: { type: 'boolean' },
  cursor: { type: ['string', 'null'] },
});
export const directPayload = object({
  userId: { ...userId, not: { const: 'system' } },
});
export const directResult = object({
  ...(joinResult.properties as Record<string, Schema>),
  kind: { type: 'string', const: 'direct' },
  peer: member,
});
export const presenceEvent = object({
  room: string,
  member,
  online: { type: 'boolean' },
});
export const roomAddedEvent = object({ room: string, kind, by: member });
