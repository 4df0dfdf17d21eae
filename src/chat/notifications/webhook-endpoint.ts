import { createHmac } from 'node:crypto';

/** `ChatModuleOptions.webhook`: where accepted room messages are POSTed. */
export interface ChatWebhookOptions {
  /** An `http:` or `https:` URL (`CHAT_WEBHOOK_URL`); redirects are not followed. */
  url: string;
  /**
   * The signing key (`CHAT_WEBHOOK_SECRET`): base64 after a `whsec_`
   * prefix (as Standard Webhooks libraries print them), else its UTF-8 bytes.
   */
  secret: string;
  /** An attempt without an answer within this is a failure (default 5000). */
  timeoutMs?: number;
  /** Requests in flight at once, over as many kept-alive connections (default 16). */
  concurrency?: number;
  /** Without a database: events waiting in memory before the oldest are dropped (default 10,000). */
  maxPending?: number;
}

/** The webhook options, checked, with their defaults. */
export interface WebhookEndpoint {
  url: URL;
  key: Buffer;
  timeoutMs: number;
  concurrency: number;
  maxPending: number;
}

const PREFIX = 'whsec_';
const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The key a secret names; throws a sentence that never repeats the secret. */
export function webhookKey(secret: string): Buffer {
  if (secret.startsWith(PREFIX)) {
    const encoded = secret.slice(PREFIX.length);
    if (encoded.length === 0 || !BASE64.test(encoded)) {
      throw new Error(`must be base64 after "${PREFIX}"`);
    }
    return Buffer.from(encoded, 'base64');
  }
  if (secret.length === 0) throw new Error('must not be empty');
  return Buffer.from(secret, 'utf8');
}

/** Checks the option at start; a bad one is refused naming it. */
export function webhookEndpoint(options: ChatWebhookOptions): WebhookEndpoint {
  const refuse = (name: string, problem: string) =>
    new Error(`ChatModule option webhook.${name} ${problem}`);
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw refuse('url', 'must be an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refuse('url', 'must be an http(s) URL');
  }
  let key: Buffer;
  try {
    key = webhookKey(options.secret ?? '');
  } catch (error) {
    throw refuse('secret', (error as Error).message);
  }
  const integer = (name: keyof ChatWebhookOptions, fallback: number) => {
    const value = options[name] ?? fallback;
    if (!Number.isInteger(value) || (value as number) < 1) {
      throw refuse(name, `must be an integer >= 1, got ${value}`);
    }
    return value as number;
  };
  return {
    url,
    key,
    timeoutMs: integer('timeoutMs', 5000),
    concurrency: integer('concurrency', 16),
    maxPending: integer('maxPending', 10_000),
  };
}

/** `webhook-signature` as Standard Webhooks says: HMAC-SHA256 over `<id>.<timestamp>.<body>`. */
export function signWebhook(
  key: Buffer,
  id: string,
  timestamp: number,
  body: string,
): string {
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.`);
  return `v1,${mac.update(body).digest('base64')}`;
}
