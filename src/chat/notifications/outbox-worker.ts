import type { Logger } from '@nestjs/common';
import type { Message, MessageNewWebhook } from '../contract/events.js';
import type { WebhookMetrics } from '../metrics/webhook-metrics.js';
import type {
  OutboxEvent,
  OutboxSettlement,
  PostgresOutbox,
} from '../stores/postgres/postgres-outbox.js';
import { FIRST_RETRY_MS } from './retry-schedule.js';
import { QuietWarning } from './quiet-warning.js';
import type { Settled, WebhookAttempts } from './webhook-attempts.js';

/** How often each instance looks for due rows it was not woken for (retries, a dead instance's). */
const POLL_MS = 1000;

/**
 * Sends the outbox's events. Rows are leased (`FOR UPDATE SKIP LOCKED`),
 * so instances never claim the same row at once; only as many as there are
 * free request slots, so every claimed row is being sent while its lease
 * runs (a lease outlives an attempt). A row leased by an instance that
 * died is free again when its lease ends. Outcomes are written in batches.
 */
export class OutboxWorker {
  private inFlight = new Set<Promise<void>>();
  private claiming = false;
  private wanted = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private settlement: OutboxSettlement = { remove: [], retry: [], dead: [] };
  private settleQueued = false;
  private readonly unavailable: QuietWarning;

  constructor(
    private readonly outbox: PostgresOutbox,
    private readonly attempts: WebhookAttempts,
    private readonly offlineOf: (message: Message) => Promise<string[]>,
    private readonly metrics: WebhookMetrics,
    logger: Logger,
    private readonly limits: { concurrency: number; leaseMs: number },
  ) {
    this.unavailable = new QuietWarning(
      logger,
      'The webhook outbox could not be read or written (tried again)',
    );
  }

  start(): void {
    this.timer = setInterval(() => this.wake(), POLL_MS).unref();
    this.wake();
  }

  /** Rows may be due (a message was stored here): claim what the free slots take. */
  wake(): void {
    this.wanted = true;
    void this.pump();
  }

  /** Stops claiming; attempts in flight end (the sender closed), their outcomes are written. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.inFlight);
    await this.settle();
  }

  private async pump(): Promise<void> {
    if (this.claiming) return;
    this.claiming = true;
    try {
      while (this.wanted && !this.stopped && !this.attempts.gone) {
        const free = this.limits.concurrency - this.inFlight.size;
        if (free <= 0) break; // a send that ends pumps again
        this.wanted = false;
        const events = await this.outbox.claim(free, this.limits.leaseMs);
        if (events.length === free) this.wanted = true; // more may be due
        for (const event of events) {
          const sending = this.send(event).finally(() => {
            this.inFlight.delete(sending);
            if (this.wanted) void this.pump();
          });
          this.inFlight.add(sending);
        }
      }
    } catch (error) {
      this.unavailable.happened((error as Error).message);
    } finally {
      this.claiming = false;
    }
  }

  private async send(event: OutboxEvent): Promise<void> {
    if (!event.message) {
      // Its message is gone (past retention): nothing left to tell.
      this.record(event.id, 'delivered');
      this.metrics.dropped();
      return;
    }
    let settled: Settled;
    try {
      const webhook: MessageNewWebhook = {
        type: 'message.new',
        message: event.message,
        offline: await this.offlineOf(event.message),
      };
      settled = await this.attempts.attempt(
        `msg_${event.id}`,
        JSON.stringify(webhook),
        event.acceptedAt,
        event.attempts,
      );
    } catch (error) {
      // The members could not be read: the attempt waits for the store.
      this.unavailable.happened((error as Error).message);
      settled = Date.now() + FIRST_RETRY_MS;
    }
    this.record(event.id, settled);
  }

  private record(id: string, settled: Settled) {
    if (settled === 'gone') return; // left leased: another instance may still send it
    if (settled === 'delivered') this.settlement.remove.push(id);
    else if (settled === 'dead') this.settlement.dead.push(id);
    else this.settlement.retry.push({ id, at: settled });
    if (!this.settleQueued) {
      this.settleQueued = true;
      setImmediate(() => void this.settle());
    }
  }

  /** Writes the outcomes gathered; if that fails the rows stay leased and are sent again after the lease (at least once). */
  private async settle(): Promise<void> {
    this.settleQueued = false;
    const batch = this.settlement;
    this.settlement = { remove: [], retry: [], dead: [] };
    try {
      await this.outbox.settle(batch);
    } catch (error) {
      this.unavailable.happened((error as Error).message);
    }
  }
}
