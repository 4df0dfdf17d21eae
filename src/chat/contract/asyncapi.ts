import {
  ADMIN_EVENTS,
  ADMIN_REQUESTS,
  type Event,
  type Request,
} from './asyncapi-admin.js';
import type { ClientToServerEvents, ServerToClientEvents } from './events.js';
import * as c from './asyncapi-conversations.js';
import * as s from './asyncapi-schemas.js';
import { WEBHOOK } from './asyncapi-webhooks.js';

// Typed by the event maps: an event added to a map without its entry here
// does not compile (the AsyncAPI test type-checks this file).
const CHAT_REQUESTS: Record<keyof ClientToServerEvents, Request> = {
  'room:join': {
    summary: 'Join a room (again: answers since again)',
    payload: s.joinPayload,
    data: s.joinResult,
  },
  'room:leave': {
    summary: 'Leave a room',
    payload: s.roomRef,
    data: s.roomRef,
  },
  'room:list': {
    summary: 'One page of rooms in name order',
    payload: s.roomListPayload,
    data: s.roomListResult,
  },
  'room:history': {
    summary: 'One page of a joined room’s history, oldest first',
    payload: s.historyPayload,
    data: s.historyResult,
  },
  'message:send': {
    summary: 'Post into a joined room (idempotent with clientMessageId)',
    payload: s.sendPayload,
    data: s.messageResult,
  },
  'message:broadcast': {
    summary: 'A message to every /chat client',
    payload: s.broadcastPayload,
    data: s.messageResult,
  },
  'message:private': {
    summary: 'A message to every socket of a user',
    payload: s.privatePayload,
    data: s.messageResult,
  },
  typing: {
    summary: 'Typing on or off in a joined room',
    payload: s.typingPayload,
    data: s.empty,
  },
  'message:edit': {
    summary: 'Edit one’s own message',
    payload: s.editPayload,
    data: s.messageResult,
  },
  'message:delete': {
    summary: 'Delete one’s own message (a tombstone keeps its seq)',
    payload: s.messageRef,
    data: s.messageRef,
  },
  'room:read': {
    summary: 'Record how far the user has read (forward only)',
    payload: s.readPayload,
    data: s.readEvent,
  },
  'message:react': {
    summary:
      'Add (on) or remove the user’s emoji on a room message; answers its reactions (message:reactions to the room only on a change)',
    payload: c.reactPayload,
    data: c.reactResult,
  },
  'room:search': {
    summary:
      'The kept, undeleted messages of a joined room with every word of the query (whole words, any case), newest first',
    payload: s.searchPayload,
    data: s.searchResult,
  },
  'inbox:list': {
    summary:
      'The signed-in user’s rooms, the most recently active first, with exact unread counts; paged by an opaque cursor',
    payload: c.inboxPayload,
    data: c.inboxResult,
  },
  'dm:open': {
    summary:
      'Open (or find) the direct room of the caller and a user: both become members (signed-in users)',
    payload: c.directPayload,
    data: c.directResult,
  },
  'session:refresh': {
    summary:
      'A new token for the same sub before the current one expires (signed-in users); answers its exp',
    payload: s.sessionRefreshPayload,
    data: s.sessionRefreshResult,
  },
};

const CHAT_EVENTS: Record<keyof ServerToClientEvents, Event> = {
  session: {
    summary: 'The connection’s id, userId and nickname',
    payload: s.sessionEvent,
  },
  'room:joined': {
    summary: 'A user joined a room this socket is in',
    payload: s.memberEvent,
  },
  'room:left': {
    summary: 'A user left a room this socket is in',
    payload: s.memberEvent,
  },
  'room:kicked': {
    summary: 'This socket was removed from a room',
    payload: s.roomRef,
  },
  presence: {
    summary:
      'A member of a room came online (its first socket) or went offline (its last one)',
    payload: c.presenceEvent,
  },
  'room:added': {
    summary:
      'The user became a member through someone else (a direct room, the host); its sockets are in the room already',
    payload: c.roomAddedEvent,
  },
  'message:new': { summary: 'A room message', payload: s.message },
  'message:broadcast': { summary: 'A broadcast', payload: s.message },
  'message:private': {
    summary: 'A private message',
    payload: s.privateMessage,
  },
  announcement: {
    summary: 'An announcement from the system member',
    payload: s.message,
  },
  typing: {
    summary: 'Another member’s typing changed',
    payload: s.typingEvent,
  },
  'message:updated': {
    summary: 'A room message was edited',
    payload: s.message,
  },
  'message:deleted': {
    summary: 'A room message is a tombstone now',
    payload: s.deletedEvent,
  },
  'message:reactions': {
    summary: 'A message’s reactions changed',
    payload: c.reactionsEvent,
  },
  'room:read': {
    summary: 'The user’s read position moved (from another socket)',
    payload: s.readEvent,
  },
  exception: {
    summary: 'A refused event sent without an ack callback',
    payload: s.exceptionEvent,
  },
};

/** `room:join` → `roomJoin`: ids AsyncAPI accepts; the event name stays the message's `name`. */
const idOf = (event: string) =>
  event.replace(/[:-](\w)/g, (_, letter: string) => letter.toUpperCase());

function channel(
  key: 'chat' | 'admin',
  requests: Record<string, Request>,
  events: Record<string, Event>,
) {
  const messages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const ref = (id: string) => ({ $ref: `#/channels/${key}/messages/${id}` });
  for (const [event, { summary, payload, data }] of Object.entries(requests)) {
    const id = idOf(event);
    messages[id] = { name: event, summary, payload };
    messages[`${id}Ack`] = { name: `${event} ack`, payload: s.ack(data) };
    operations[`${key}.${id}`] = {
      action: 'receive',
      summary,
      channel: { $ref: `#/channels/${key}` },
      messages: [ref(id)],
      reply: {
        channel: { $ref: `#/channels/${key}` },
        messages: [ref(`${id}Ack`)],
      },
    };
  }
  for (const [event, { summary, payload }] of Object.entries(events)) {
    const id = `${idOf(event)}Event`;
    messages[id] = { name: event, summary, payload };
    operations[`${key}.${id}`] = {
      action: 'send',
      summary,
      channel: { $ref: `#/channels/${key}` },
      messages: [ref(id)],
    };
  }
  return { messages, operations };
}

/** The Socket.IO event names the document describes, per namespace and direction. */
export const DOCUMENTED_EVENTS = {
  chat: {
    requests: Object.keys(CHAT_REQUESTS),
    events: Object.keys(CHAT_EVENTS),
  },
  admin: {
    requests: Object.keys(ADMIN_REQUESTS),
    events: Object.keys(ADMIN_EVENTS),
  },
  webhook: { requests: [], events: WEBHOOK.events },
};

/**
 * The AsyncAPI 3.0 document of both namespaces: every event, its payload,
 * its ack (`{ ok, data | error }`) and the error codes.
 */
export function asyncApiDocument({
  version,
  path,
}: {
  version: string;
  path: string;
}) {
  const chat = channel('chat', CHAT_REQUESTS, CHAT_EVENTS);
  const admin = channel('admin', ADMIN_REQUESTS, ADMIN_EVENTS);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'nest-chat-module',
      version,
      description:
        'Socket.IO chat. Each client → server event takes an ack callback answered { ok: true, data } or { ok: false, error: { code, message, details? } }; without one, a failure comes as `exception`.',
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: 'localhost:3000',
        protocol: 'ws',
        pathname: path,
        description:
          'Socket.IO (WebSocket, long-polling fallback); namespaces are the channels',
      },
      webhookReceiver: WEBHOOK.server,
    },
    channels: {
      chat: {
        address: '/chat',
        title: 'Chat namespace',
        servers: [{ $ref: '#/servers/local' }],
        messages: chat.messages,
      },
      admin: {
        address: '/admin',
        title: 'Admin namespace (handshake auth { token })',
        servers: [{ $ref: '#/servers/local' }],
        messages: admin.messages,
      },
      webhook: WEBHOOK.channel,
    },
    operations: {
      ...chat.operations,
      ...admin.operations,
      ...WEBHOOK.operations,
    },
  };
}
