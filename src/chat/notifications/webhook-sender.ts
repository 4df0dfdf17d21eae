import http from 'node:http';
import https from 'node:https';
import { signWebhook, type WebhookEndpoint } from './webhook-endpoint.js';

/** How one attempt ended, as the metrics count it. */
export type AttemptResult =
  'delivered' | 'failed' | 'timeout' | 'error' | 'gone';

export interface AttemptOutcome {
  result: AttemptResult;
  /** What went wrong, for a log line (never the body). */
  detail?: string;
  /** The receiver's `Retry-After`, in ms from now. */
  retryAfterMs?: number;
}

/** A `Retry-After` longer than this is taken as this (an event is kept 24 h at most anyway). */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * POSTs signed events to the endpoint over kept-alive connections (at most
 * `concurrency` of them): one attempt each, its outcome classified. Never
 * follows a redirect; reads no more of an answer than its status and
 * headers (the body is drained and dropped).
 */
export class WebhookSender {
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;

  constructor(private readonly endpoint: WebhookEndpoint) {
    const secure = endpoint.url.protocol === 'https:';
    const options = {
      keepAlive: true,
      maxSockets: endpoint.concurrency,
      scheduling: 'lifo' as const,
    };
    this.agent = secure ? new https.Agent(options) : new http.Agent(options);
    this.request = secure ? https.request : http.request;
  }

  /** One attempt of event `id`: signed now (a retry carries a fresh timestamp). */
  post(id: string, body: string): Promise<AttemptOutcome> {
    const timestamp = Math.floor(Date.now() / 1000);
    return new Promise((resolve) => {
      const request = this.request(
        this.endpoint.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'webhook-id': id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook(
              this.endpoint.key,
              id,
              timestamp,
              body,
            ),
          },
        },
        (response) => {
          const status = response.statusCode ?? 0;
          response.on('error', (error) => settle(networkError(error)));
          response.on('end', () => settle(classify(status, response.headers)));
          response.resume();
        },
      );
      const timer = setTimeout(() => {
        settle({
          result: 'timeout',
          detail: `no answer within ${this.endpoint.timeoutMs} ms`,
        });
        request.destroy();
      }, this.endpoint.timeoutMs);
      const settle = (outcome: AttemptOutcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      request.on('error', (error) => settle(networkError(error)));
      request.end(body);
    });
  }

  /** Closes the kept-alive connections; attempts in flight end as errors. */
  close(): void {
    this.agent.destroy();
  }
}

function networkError(error: Error): AttemptOutcome {
  return { result: 'error', detail: error.message || error.name };
}

function classify(
  status: number,
  headers: http.IncomingHttpHeaders,
): AttemptOutcome {
  if (status >= 200 && status < 300) return { result: 'delivered' };
  if (status === 410) return { result: 'gone', detail: 'HTTP 410 Gone' };
  const retryAfterMs = retryAfter(headers['retry-after']);
  return {
    result: 'failed',
    detail: `HTTP ${status}`,
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  };
}

/** `Retry-After` as seconds or an HTTP date; `undefined` when absent or unreadable. */
function retryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = /^\d+$/.test(value.trim())
    ? Number(value) * 1000
    : Date.parse(value) - Date.now();
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}
