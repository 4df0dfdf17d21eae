import type { Logger } from '@nestjs/common';

const MINUTE_MS = 60_000;

/**
 * A warning that may happen on every event, logged at most once a minute
 * with how many times it happened since: a failing receiver or handler
 * must not write a log line per message.
 */
export class QuietWarning {
  private lastAt = -Infinity;
  private unlogged = 0;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  happened(detail: string): void {
    this.unlogged++;
    const now = Date.now();
    if (now - this.lastAt < MINUTE_MS) return;
    const times =
      this.unlogged > 1 ? ` (${this.unlogged} times since the last line)` : '';
    this.logger.warn(`${this.what}${times}: ${detail}`);
    this.lastAt = now;
    this.unlogged = 0;
  }
}
