import Denque from 'denque';
import type { WebhookMetrics } from '../metrics/webhook-metrics.js';
import type { QuietWarning } from './quiet-warning.js';
import type { WebhookAttempts } from './webhook-attempts.js';

interface WaitingEvent {
  id: string;
  body: string;
  acceptedAt: number;
  attempts: number;
  dueAt: number;
}

/** How often events waiting for a retry are looked at. */
const RETRY_TICK_MS = 250;

/**
 * Webhook events without a database: held in this process (lost with it),
 * at most `maxPending` waiting (the oldest dropped, counted and logged),
 * at most `concurrency` in flight, failed ones retried on their schedule.
 */
export class MemoryWebhookQueue {
  private readonly ready = new Denque<WaitingEvent>();
  private later: WaitingEvent[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly attempts: WebhookAttempts,
    private readonly metrics: WebhookMetrics,
    private readonly overflow: QuietWarning,
    private readonly limits: { concurrency: number; maxPending: number },
  ) {}

  add(id: string, body: string, acceptedAt: number): void {
    if (this.stopped || this.attempts.gone) return;
    this.ready.push({ id, body, acceptedAt, attempts: 0, dueAt: acceptedAt });
    if (this.ready.length + this.later.length > this.limits.maxPending) {
      this.dropOldest();
    }
    this.pump();
  }

  backlog() {
    let oldestAt: number | null = this.ready.peekFront()?.acceptedAt ?? null;
    for (const event of this.later) {
      if (oldestAt === null || event.acceptedAt < oldestAt) {
        oldestAt = event.acceptedAt;
      }
    }
    return { waiting: this.ready.length + this.later.length, oldestAt };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  private dropOldest() {
    const first = this.ready.peekFront();
    const waitedLonger =
      this.later.length > 0 &&
      (!first || this.later[0].acceptedAt <= first.acceptedAt);
    if (waitedLonger) this.later.shift();
    else this.ready.shift();
    this.metrics.dropped();
    this.overflow.happened(
      `more than ${this.limits.maxPending} waiting in memory, the oldest dropped (a database keeps them all)`,
    );
  }

  private pump() {
    while (
      !this.stopped &&
      !this.attempts.gone &&
      this.inFlight < this.limits.concurrency &&
      this.ready.length > 0
    ) {
      void this.send(this.ready.shift()!);
    }
  }

  private async send(event: WaitingEvent) {
    this.inFlight++;
    const settled = await this.attempts.attempt(
      event.id,
      event.body,
      event.acceptedAt,
      ++event.attempts,
    );
    this.inFlight--;
    if (typeof settled === 'number' && !this.stopped) {
      event.dueAt = settled;
      this.later.push(event);
      this.timer ??= setInterval(this.promote, RETRY_TICK_MS).unref();
    }
    this.pump();
  }

  /** Events whose retry time came go back to the ready line. */
  private readonly promote = () => {
    const now = Date.now();
    const waiting: WaitingEvent[] = [];
    for (const event of this.later) {
      if (event.dueAt <= now) this.ready.push(event);
      else waiting.push(event);
    }
    this.later = waiting;
    if (waiting.length === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    this.pump();
  };
}
