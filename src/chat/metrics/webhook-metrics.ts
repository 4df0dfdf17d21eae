import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AttemptResult } from '../notifications/webhook-sender.js';

/** What the waiting gauges read when scraped. */
export interface WebhookBacklog {
  /** Events waiting to be delivered (not dead), and when the oldest was accepted (epoch ms; `null`: none). */
  read(): Promise<{ waiting: number; oldestAt: number | null }>;
}

/** The webhook metrics, in the chat's registry: created only when webhooks are on. */
export class WebhookMetrics {
  private readonly attempts: Counter<'outcome'>;
  private readonly latency: Histogram;
  private readonly deadEvents: Counter;
  private readonly droppedEvents: Counter;

  constructor(registry: Registry, backlog: WebhookBacklog) {
    const registers = [registry];
    this.attempts = new Counter({
      name: 'chat_webhook_attempts_total',
      help: 'Webhook requests, by outcome (delivered, failed: an answer other than 2xx, timeout, error: no answer, gone: 410)',
      labelNames: ['outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'chat_webhook_delivery_seconds',
      help: 'From a message being accepted to its webhook being delivered',
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60, 300, 3600, 86400],
      registers,
    });
    this.deadEvents = new Counter({
      name: 'chat_webhook_dead_total',
      help: 'Webhook events given up after 24 h of failed attempts',
      registers,
    });
    this.droppedEvents = new Counter({
      name: 'chat_webhook_dropped_total',
      help: 'Webhook events dropped unsent: the oldest waiting in memory when more arrived than maxPending, or their message gone',
      registers,
    });
    let last = { waiting: 0, oldestAt: null as number | null };
    // Both gauges from one read; while the store is away the last value stands.
    const read = async () => {
      last = await backlog.read().catch(() => last);
      return last;
    };
    new Gauge({
      name: 'chat_webhook_waiting',
      help: 'Webhook events waiting to be delivered (the outbox with a database)',
      registers,
      async collect() {
        this.set((await read()).waiting);
      },
    });
    new Gauge({
      name: 'chat_webhook_oldest_waiting_seconds',
      help: 'Age of the oldest webhook event waiting (0 when none waits)',
      registers,
      collect() {
        this.set(
          last.oldestAt === null ? 0 : (Date.now() - last.oldestAt) / 1000,
        );
      },
    });
  }

  attempted(outcome: AttemptResult): void {
    this.attempts.inc({ outcome });
  }

  delivered(acceptedAt: number): void {
    this.latency.observe(Math.max(0, Date.now() - acceptedAt) / 1000);
  }

  dead(count = 1): void {
    this.deadEvents.inc(count);
  }

  dropped(count = 1): void {
    this.droppedEvents.inc(count);
  }
}
