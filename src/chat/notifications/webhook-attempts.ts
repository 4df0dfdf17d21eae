import type { Logger } from '@nestjs/common';
import type { WebhookMetrics } from '../metrics/webhook-metrics.js';
import { nextAttemptAt } from './retry-schedule.js';
import { QuietWarning } from './quiet-warning.js';
import type { WebhookSender } from './webhook-sender.js';

/** What to do with an event after an attempt: done with it, or try again at this time (epoch ms). */
export type Settled = 'delivered' | 'dead' | 'gone' | number;

/**
 * One attempt of an event, whichever queue holds it (memory or outbox):
 * counted, logged at most once a minute while failing, and turned into
 * what comes next. A 410 stops the endpoint for good on this instance.
 */
export class WebhookAttempts {
  /** The endpoint answered 410 Gone: nothing more is sent to it. */
  gone = false;
  private readonly failing: QuietWarning;
  private readonly deaths: QuietWarning;

  constructor(
    private readonly sender: WebhookSender,
    private readonly metrics: WebhookMetrics,
    private readonly logger: Logger,
    private readonly where: string,
  ) {
    this.failing = new QuietWarning(
      logger,
      `Webhooks to ${where} are failing (tried again with backoff)`,
    );
    this.deaths = new QuietWarning(
      logger,
      'Webhook events given up after 24 h of failed attempts',
    );
  }

  /** Attempt number `attempts` (1 for the first) of event `id`. */
  async attempt(
    id: string,
    body: string,
    acceptedAt: number,
    attempts: number,
  ): Promise<Settled> {
    const outcome = await this.sender.post(id, body);
    this.metrics.attempted(outcome.result);
    if (outcome.result === 'delivered') {
      this.metrics.delivered(acceptedAt);
      return 'delivered';
    }
    if (outcome.result === 'gone') {
      if (!this.gone) {
        this.gone = true;
        this.logger.error(
          `Webhook endpoint ${this.where} answered 410 Gone: this instance sends it nothing more until it restarts`,
        );
      }
      return 'gone';
    }
    this.failing.happened(outcome.detail ?? outcome.result);
    const at = nextAttemptAt(
      acceptedAt,
      attempts,
      Date.now(),
      outcome.retryAfterMs,
    );
    if (at !== null) return at;
    this.metrics.dead();
    this.deaths.happened(`event ${id}, after ${attempts} attempts`);
    return 'dead';
  }
}
