import type pg from 'pg';
import type { Message } from '../../contract/events.js';
import { toMessage, type MessageRow } from './message-row.js';
import { OUTBOX_SQL } from './sql-outbox.js';

/** A leased outbox row. */
export interface OutboxEvent {
  /** The webhook-id. */
  id: string;
  acceptedAt: number;
  /** Attempts so far, this one included. */
  attempts: number;
  /** `null` when the message is no longer kept. */
  message: Message | null;
}

/** What became of leased rows. */
export interface OutboxSettlement {
  /** Delivered, or their message is gone: deleted. */
  remove: string[];
  /** Tried again at `at`; `attempts` made so far (the backoff goes on from there). */
  retry: { id: string; at: number; attempts: number }[];
  dead: string[];
}

/** The webhook outbox table (`chat_outbox`): claims by lease, settles in batches. */
export class PostgresOutbox {
  constructor(private readonly pool: pg.Pool) {}

  async claim(limit: number, leaseMs: number): Promise<OutboxEvent[]> {
    const { rows } = await this.pool.query<
      Partial<MessageRow> & {
        event_id: string;
        accepted_at: string;
        attempts: number;
      }
    >(OUTBOX_SQL.claim, [Date.now(), limit, leaseMs]);
    return rows.map((row) => ({
      id: row.event_id,
      acceptedAt: Number(row.accepted_at),
      attempts: row.attempts,
      message: row.seq == null ? null : toMessage(row as MessageRow),
    }));
  }

  async settle({ remove, retry, dead }: OutboxSettlement): Promise<void> {
    const writes: Promise<unknown>[] = [];
    if (remove.length > 0) {
      writes.push(this.pool.query(OUTBOX_SQL.remove, [remove]));
    }
    if (retry.length > 0) {
      writes.push(
        this.pool.query(OUTBOX_SQL.reschedule, [
          retry.map((r) => r.id),
          retry.map((r) => r.at),
          retry.map((r) => r.attempts),
        ]),
      );
    }
    if (dead.length > 0) {
      writes.push(this.pool.query(OUTBOX_SQL.bury, [dead, Date.now()]));
    }
    await Promise.all(writes);
  }

  async backlog(): Promise<{ waiting: number; oldestAt: number | null }> {
    const { rows } = await this.pool.query<{
      waiting: string;
      oldest_at: string | null;
    }>(OUTBOX_SQL.backlog);
    const oldest = rows[0].oldest_at;
    return {
      waiting: Number(rows[0].waiting),
      oldestAt: oldest === null ? null : Number(oldest),
    };
  }
}
