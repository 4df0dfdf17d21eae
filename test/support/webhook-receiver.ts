import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessageNewWebhook } from '../../src/index.js';
import { until } from './client-helpers.js';

/** What the receiver does with a request. */
export type ReceiverAnswer =
  | { status: number; headers?: Record<string, string> }
  /** Reads the request and never answers. */
  | 'hang'
  /** Closes the connection before answering. */
  | 'destroy';

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  event: MessageNewWebhook;
  /** When it arrived (epoch ms). */
  at: number;
  /** What it was answered. */
  answer: ReceiverAnswer;
}

/**
 * A webhook endpoint on a real port: records every request (headers and
 * raw body, so a test verifies the signature over the bytes sent) and
 * answers from `answers` in turn, then with `fallback`.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answers: ReceiverAnswer[] = [];
  fallback: ReceiverAnswer = { status: 204 };
  /** TCP connections opened to it (keep-alive reuses them). */
  connections = 0;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(port = 0, path = '/hooks/chat'): Promise<WebhookReceiver> {
    const server = http.createServer();
    await new Promise<void>((resolve) =>
      server.listen(port, '127.0.0.1', resolve),
    );
    const { port: bound } = server.address() as AddressInfo;
    const receiver = new WebhookReceiver(
      server,
      `http://127.0.0.1:${bound}${path}`,
    );
    server.on('connection', () => receiver.connections++);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const answer = receiver.answers.shift() ?? receiver.fallback;
        receiver.received.push({
          headers: request.headers as Record<string, string>,
          body,
          event: JSON.parse(body) as MessageNewWebhook,
          at: Date.now(),
          answer,
        });
        if (answer === 'hang') return;
        if (answer === 'destroy') {
          request.socket.destroy();
          return;
        }
        response.writeHead(answer.status, answer.headers).end();
      });
    });
    return receiver;
  }

  /** Distinct events (by `webhook-id`) received so far. */
  get eventIds(): Set<string> {
    return new Set(this.received.map((r) => r.headers['webhook-id']));
  }

  /** Ids of the messages whose event was answered 2xx (delivered, as the sender sees it). */
  deliveredMessageIds(): Set<string> {
    return new Set(
      this.received
        .filter(
          ({ answer }) => typeof answer === 'object' && answer.status < 300,
        )
        .map((r) => r.event.message.id),
    );
  }

  /** The texts of the messages received, distinct. */
  texts(): Set<string> {
    return new Set(this.received.map((r) => r.event.message.text));
  }

  async waitForRequests(count: number, ms = 5000): Promise<ReceivedWebhook[]> {
    await until(() => this.received.length >= count, ms);
    return this.received;
  }

  async waitForTexts(texts: string[], ms = 5000): Promise<void> {
    await until(() => texts.every((text) => this.texts().has(text)), ms);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
