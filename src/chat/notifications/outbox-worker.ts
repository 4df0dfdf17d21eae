import type { Logger } from '@nestjs/common';
import Denque from 'denque';
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
/** Outcomes are written together, at most this long after the first of them. */
const SETTLE_MS = 100;

/** An event this instance wrote and holds the lease of: sent without a claim. */
export interface LeasedEvent {
  id: string;
  message: Message;
  leaseUntil: number;
}

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
  private settleTimer: NodeJS.Timeout | null = null;
  /** Events written here, waiting for a free request slot. */
  private readonly leased = new Denque<LeasedEvent>();
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

  /** Rows may be due (e.g. a host's transaction committed one): claim what the free slots take. */
  wake(): void {
    this.wanted = true;
    void this.pump();
  }

  /** Events this instance just committed, leased to it: sent as slots free, no claim needed. */
  adopt(events: LeasedEvent[]): void {
    if (this.stopped) return;
    for (const event of events) this.leased.push(event);
    this.sendLeased();
  }

  /** Sends leased events while slots are free; one whose lease is nearly over is left to a claim. */
  private sendLeased() {
    while (
      this.leased.length > 0 &&
      !this.stopped &&
      this.inFlight.size < this.limits.concurrency &&
      !this.attempts.gone
    ) {
      const { id, message, leaseUntil } = this.leased.shift()!;
      if (Date.now() > leaseUntil - this.limits.leaseMs / 2) continue;
      this.track(
        this.send({ id, message, acceptedAt: message.at, attempts: 1 }),
      );
    }
  }

  private track(sending: Promise<void>) {
    const tracked = sending.finally(() => {
      this.inFlight.delete(tracked);
      this.sendLeased();
      if (this.wanted) void this.pump();
    });
    this.inFlight.add(tracked);
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
        // Events leased here go first; a claim only for free slots beyond them.
        const free =
          this.limits.concurrency - this.inFlight.size - this.leased.length;
        if (free <= 0) break; // a send that ends pumps again
        this.wanted = false;
        const events = await this.outbox.claim(free, this.limits.leaseMs);
        if (events.length === free) this.wanted = true; // more may be due
        for (const event of events) this.track(this.send(event));
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
    this.record(event.id, settled, event.attempts);
  }

  private record(id: string, settled: Settled, attempts = 0) {
    if (settled === 'gone') return; // left leased: another instance may still send it
    if (settled === 'delivered') this.settlement.remove.push(id);
    else if (settled === 'dead') this.settlement.dead.push(id);
    else this.settlement.retry.push({ id, at: settled, attempts });
    this.settleTimer ??= setTimeout(() => void this.settle(), SETTLE_MS);
  }

  /** Writes the outcomes gathered; if that fails the rows stay leased and are sent again after the lease (at least once). */
  private async settle(): Promise<void> {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    const batch = this.settlement;
    this.settlement = { remove: [], retry: [], dead: [] };
    try {
      await this.outbox.settle(batch);
    } catch (error) {
      this.unavailable.happened((error as Error).message);
    }
  }
}
