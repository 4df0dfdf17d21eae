import { message, object, string } from './asyncapi-schemas.js';

// The webhook (PROTOCOL.md, "Webhooks"): an HTTP POST the server sends to
// the host's `CHAT_WEBHOOK_URL` for every accepted room message.

const messageNew = {
  name: 'message.new',
  summary:
    'An accepted room message, and the members with no connected socket (signed as Standard Webhooks says; retried for 24 h with the same webhook-id)',
  contentType: 'application/json',
  headers: object({
    'webhook-id': {
      type: 'string',
      description:
        'The event’s id: the same on every attempt (deduplicate on it)',
    },
    'webhook-timestamp': {
      type: 'string',
      pattern: '^\\d+$',
      description: 'Unix seconds of this attempt',
    },
    'webhook-signature': {
      type: 'string',
      pattern: '^v1,[A-Za-z0-9+/=]+$',
      description:
        'v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>"> keyed with CHAT_WEBHOOK_SECRET',
    },
  }),
  payload: object({
    type: { type: 'string', const: 'message.new' },
    message,
    offline: { type: 'array', items: string },
  }),
};

/** The receiver (`CHAT_WEBHOOK_URL`), its channel and the one operation. */
export const WEBHOOK = {
  server: {
    host: 'receiver.example',
    protocol: 'https',
    description:
      'The host’s own endpoint, CHAT_WEBHOOK_URL (http or https); redirects are not followed',
  },
  channel: {
    address: '/',
    title: 'Webhooks (CHAT_WEBHOOK_URL)',
    servers: [{ $ref: '#/servers/webhookReceiver' }],
    messages: { messageNew },
  },
  operations: {
    'webhook.messageNew': {
      action: 'send',
      summary: messageNew.summary,
      channel: { $ref: '#/channels/webhook' },
      messages: [{ $ref: '#/channels/webhook/messages/messageNew' }],
      bindings: { http: { method: 'POST' } },
    },
  },
  events: ['message.new'],
};
