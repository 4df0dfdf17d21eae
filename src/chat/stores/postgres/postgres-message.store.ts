import { Logger } from '@nestjs/common';
import type pg from 'pg';
import type { Message } from '../../contract/events.js';
import {
  type AppendOutcome,
  type ChangeOutcome,
  type MessageChange,
  type HistoryQuery,
  type HistorySlice,
  type MessageDraft,
  type MessageStore,
} from '../message-store.interface.js';
import { WriteBatcher } from './write-batcher.js';
import {
  BatchAppender,
  type OutboxEvents,
  type Queryable,
} from './batch-appender.js';
import { SQL } from './sql.js';
import { toMessage, UUID, type MessageRow } from './message-row.js';
import type { MessageSearch } from '../message-search.interface.js';
import { PostgresMessageSearch } from './postgres-message.search.js';
import type { InboxReader } from '../inbox-reader.interface.js';
import { PostgresInboxReader } from './postgres-inbox.reader.js';

const PRUNE_BATCH = 1000;

export interface PostgresMessageStoreOptions {
  /** 0 keeps everything. */
  retentionMs: number;
  pruneIntervalMs: number;
  /**
   * Each stored message's webhook event goes into the outbox, in the same
   * statement, leased for `leaseMs` to this instance (`OutboxEvents`).
   */
  outbox?: { leaseMs: number };
}

/**
 * Durable room history in PostgreSQL: every message committed (in batches)
 * before it is acknowledged, its seq given in the same transaction, pages
 * read by key (never `OFFSET`), expired messages deleted in bounded batches
 * by one instance at a time.
 */
export class PostgresMessageStore implements MessageStore {
  readonly durable = true;
  readonly search: MessageSearch;
  readonly inbox: InboxReader;
  private readonly logger = new Logger('ChatPostgres');
  private readonly appender: BatchAppender;
  private readonly writes = new WriteBatcher<MessageDraft, AppendOutcome>(
    (drafts) => this.appender.appendBatch(drafts),
  );
  private pruneTimer: NodeJS.Timeout | null = null;
  private pruning: Promise<void> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresMessageStoreOptions,
  ) {
    this.search = new PostgresMessageSearch(pool, () => this.cutoff());
    this.inbox = new PostgresInboxReader(pool, () => this.cutoff());
    this.appender = new BatchAppender(pool, options.outbox);
  }

  /** Whether stored messages' webhook events go into the outbox. */
  get writesOutbox(): boolean {
    return this.options.outbox !== undefined;
  }

  /** Who sends the outbox events this instance writes (the webhooks). */
  set outboxEvents(events: OutboxEvents) {
    this.appender.outboxEvents = events;
  }

  /**
   * Stores one message through a host's client, inside the host's own
   * transaction: it (and its webhook event) commits or rolls back with the
   * host's writes. Not retried: an error has aborted the transaction.
   */
  appendWith(db: Queryable, draft: MessageDraft): Promise<AppendOutcome> {
    return this.appender.appendWith(db, draft);
  }

  append(draft: MessageDraft): Promise<AppendOutcome> {
    return this.writes.add(draft);
  }

  async findMany(room: string, ids: string[]): Promise<Message[]> {
    const uuids = ids.filter((id) => UUID.test(id));
    if (uuids.length === 0) return [];
    const { rows } = await this.pool.query<MessageRow>(SQL.messagesById, [
      room,
      uuids,
      this.cutoff(),
    ]);
    return rows.map(toMessage);
  }

  async findByClientId(room: string, userId: string, clientMessageId: string) {
    const { rows } = await this.pool.query<MessageRow>(SQL.byClientIds, [
      [room],
      [userId],
      [clientMessageId],
    ]);
    return rows[0] ? toMessage(rows[0]) : null;
  }

  async page(
    room: string,
    { before, after, limit }: HistoryQuery,
  ): Promise<HistorySlice> {
    const older = after === undefined;
    const { rows } = await this.pool.query<
      Partial<MessageRow> & { latest_seq: string }
    >(older ? SQL.pageBefore : SQL.pageAfter, [
      room,
      older ? (before ?? Number.MAX_SAFE_INTEGER) : after,
      limit + 1,
      this.cutoff(),
    ]);
    const latestSeq = Number(rows[0]?.latest_seq ?? 0);
    const found = rows.filter((row) => row.seq != null) as MessageRow[];
    const hasMore = found.length > limit;
    const page = found.slice(0, limit).map(toMessage);
    return { messages: older ? page.reverse() : page, hasMore, latestSeq };
  }

  async change(
    room: string,
    id: string,
    change: MessageChange,
    authorId?: string,
  ): Promise<ChangeOutcome> {
    if (!UUID.test(id)) return 'not-found';
    const deleted = 'deletedAt' in change;
    const { rows } = await this.pool.query<MessageRow>(SQL.changeMessage, [
      room,
      id,
      this.cutoff(),
      deleted ? '' : change.text,
      deleted ? null : change.editedAt,
      deleted ? change.deletedAt : null,
      authorId ?? null,
    ]);
    if (rows[0]) return toMessage(rows[0]);
    const found = await this.pool.query<{ deleted_at: string | null }>(
      SQL.messageAuthor,
      [room, id, this.cutoff()],
    );
    const row = found.rows[0];
    return !row || row.deleted_at !== null ? 'not-found' : 'forbidden';
  }

  async markRead(room: string, userId: string, seq: number) {
    const { rows } = await this.pool.query<{
      moved_to: string | null;
      current: string | null;
    }>(SQL.markRead, [room, userId, seq]);
    const { moved_to: movedTo, current } = rows[0];
    return movedTo !== null
      ? { lastRead: Number(movedTo), moved: true }
      : { lastRead: Number(current ?? 0), moved: false };
  }

  async readState(room: string, userId: string) {
    const { rows } = await this.pool.query<{
      last_read: string;
      unread: string;
    }>(SQL.readState, [room, userId, this.cutoff()]);
    return {
      lastRead: Number(rows[0].last_read),
      unread: Number(rows[0].unread),
    };
  }

  /** The oldest `at` still kept (epoch ms; 0 keeps everything). */
  cutoff(): number {
    return this.options.retentionMs > 0
      ? Date.now() - this.options.retentionMs
      : 0;
  }

  async start(): Promise<void> {
    if (this.options.retentionMs <= 0) return;
    this.pruneTimer = setInterval(() => {
      this.pruning ??= this.prune()
        .then(() => undefined)
        .finally(() => (this.pruning = null));
    }, this.options.pruneIntervalMs);
    this.pruneTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.pruning;
  }

  /** Deletes expired messages, a bounded batch per transaction, while this instance holds the prune lock. */
  async prune(): Promise<number> {
    const cutoff = this.cutoff();
    let total = 0;
    try {
      for (;;) {
        const { rows } = await this.pool.query<{ deleted: string }>(
          SQL.pruneBatch,
          [cutoff, PRUNE_BATCH],
        );
        const deleted = Number(rows[0].deleted);
        if (deleted > 0) total += deleted;
        if (deleted < PRUNE_BATCH) break;
      }
    } catch (error) {
      this.logger.warn(
        `Deleting expired messages failed (tried again later): ${(error as Error).message}`,
      );
    }
    if (total > 0) this.logger.log(`Deleted ${total} expired messages`);
    return total;
  }
}
