import { Logger } from '@nestjs/common';

/** A history write accepted while Redis was away. */
export interface PendingHistoryWrite {
  room: string;
  message: string;
  limit: number;
}

/**
 * History writes and message counts accepted while Redis is away, written
 * in order once it is back. Bounded: past `max` writes the oldest are
 * dropped (they were delivered, not kept), with one warning per outage.
 * While the queue drains, new writes join its end, so an older message is
 * never written after a newer one.
 */
export class PendingWrites {
  private readonly logger = new Logger('RedisRoomsStore');
  private history: PendingHistoryWrite[] = [];
  private draining = false;
  private dropped = 0;
  messageCount = 0;

  constructor(private readonly max: number) {}

  /** Whether writes must queue behind the pending ones. */
  get busy(): boolean {
    return this.draining || this.history.length > 0;
  }

  get size(): number {
    return this.history.length;
  }

  add(write: PendingHistoryWrite): void {
    this.history.push(write);
    if (this.history.length <= this.max) return;
    this.history.shift();
    if (this.dropped++ === 0) {
      this.logger.warn(
        `More than ${this.max} messages accepted while Redis is away: the oldest are not kept`,
      );
    }
  }

  /** Writes everything queued, in order, including what is added meanwhile. */
  async drain(
    write: (entry: PendingHistoryWrite) => Promise<void>,
    addCount: (count: number) => Promise<void>,
  ): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.history[0]; next; next = this.history[0]) {
        await write(next);
        this.history.shift();
      }
      const count = this.messageCount;
      this.messageCount = 0;
      if (count > 0) await addCount(count);
      this.dropped = 0;
    } finally {
      this.draining = false;
    }
  }
}
