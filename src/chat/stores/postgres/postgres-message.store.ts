import { Logger } from '@nestjs/common';
import type pg from 'pg';
import type { Message } from '../../contract/events.js';
import {
  clientIdKey,
  type AppendOutcome,
  type ChangeOutcome,
  type MessageChange,
  type HistoryQuery,
  type HistorySlice,
  type MessageDraft,
  type MessageStore,
} from '../message-store.interface.js';
import { WriteBatcher } from './write-batcher.js';
import { sequenced } from '../message-change.js';
import { SQL } from './sql.js';
import { toMessage, UUID, type MessageRow } from './message-row.js';
import type { MessageSearch } from '../message-search.interface.js';
import { PostgresMessageSearch } from './postgres-message.search.js';
import type { InboxReader } from '../inbox-reader.interface.js';
import { PostgresInboxReader } from './postgres-inbox.reader.js';

/** Unique violation (a concurrent repeat of a clientMessageId) and deadlock: the batch is tried again. */
const RETRIED = new Set(['23505', '40P01']);
const ATTEMPTS = 3;
const PRUNE_BATCH = 1000;

export interface PostgresMessageStoreOptions {
  /** 0 keeps everything. */
  retentionMs: number;
  pruneIntervalMs: number;
  /** Each stored message's webhook event goes into the outbox, in the same statement. */
  outbox?: boolean;
}

/** A pool, or a host's client inside its own transaction. */
type Queryable = Pick<pg.ClientBase, 'query'>;

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
  private readonly writes = new WriteBatcher<MessageDraft, AppendOutcome>(
    (drafts) => this.appendBatch(drafts),
  );
  private pruneTimer: NodeJS.Timeout | null = null;
  private pruning: Promise<void> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresMessageStoreOptions,
  ) {
    this.search = new PostgresMessageSearch(pool, () => this.cutoff());
    this.inbox = new PostgresInboxReader(pool, () => this.cutoff());
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

  /**
   * Writes one batch. Repeats of a clientMessageId within the batch wait
   * for the first; repeats of a stored one are answered from the table.
   */
  private async appendBatch(drafts: MessageDraft[]): Promise<AppendOutcome[]> {
    const firsts = new Map<string, number>();
    const unique: MessageDraft[] = [];
    const sameAs = drafts.map((draft) => {
      if (!draft.clientMessageId) return unique.push(draft) - 1;
      const key = `${draft.room}\n${clientIdKey(draft.from.userId, draft.clientMessageId)}`;
      const first = firsts.get(key);
      if (first !== undefined) return first;
      firsts.set(key, unique.length);
      return unique.push(draft) - 1;
    });
    const outcomes = await this.insert(unique);
    return drafts.map((draft, i) => {
      const outcome = outcomes[sameAs[i]];
      return outcome.message.id === draft.id
        ? outcome
        : { message: outcome.message, duplicate: true };
    });
  }

  private async insert(drafts: MessageDraft[]): Promise<AppendOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tryInsert(drafts);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= ATTEMPTS || !code || !RETRIED.has(code)) throw error;
      }
    }
  }

  /**
   * Stores one message through a host's client, inside the host's own
   * transaction: it (and its webhook event) commits or rolls back with the
   * host's writes. Not retried: an error has aborted the transaction.
   */
  async appendWith(db: Queryable, draft: MessageDraft): Promise<AppendOutcome> {
    return (await this.tryInsert([draft], db))[0];
  }

  private async tryInsert(
    drafts: MessageDraft[],
    db: Queryable = this.pool,
  ): Promise<AppendOutcome[]> {
    const { rows } = await db.query<{ id: string; seq: string }>(
      this.options.outbox ? SQL.appendBatchWithOutbox : SQL.appendBatch,
      [
        drafts.map((d) => d.room),
        drafts.map((d) => d.id),
        drafts.map((d) => d.from.userId),
        drafts.map((d) => d.from.nickname),
        drafts.map((d) => d.text),
        drafts.map((d) => d.at),
        drafts.map((d) => d.clientMessageId ?? null),
        drafts.map((d) => (d.replyTo ? JSON.stringify(d.replyTo) : null)),
      ],
    );
    const seqs = new Map(rows.map((row) => [row.id, Number(row.seq)]));
    const repeats = drafts.filter((d) => !seqs.has(d.id));
    const earlier =
      repeats.length > 0
        ? await this.stored(repeats, db)
        : new Map<string, Message>();
    return drafts.map((draft) => {
      const seq = seqs.get(draft.id);
      if (seq !== undefined) {
        return { message: sequenced(draft, seq), duplicate: false };
      }
      const message = earlier.get(idKeyOf(draft));
      if (!message)
        throw new Error(`Message ${draft.id} was neither stored nor found`);
      return { message, duplicate: true };
    });
  }

  private async stored(
    drafts: MessageDraft[],
    db: Queryable,
  ): Promise<Map<string, Message>> {
    const { rows } = await db.query<MessageRow>(SQL.byClientIds, [
      drafts.map((d) => d.room),
      drafts.map((d) => d.from.userId),
      drafts.map((d) => d.clientMessageId),
    ]);
    return new Map(
      rows.map((row) => {
        const message = toMessage(row);
        return [idKeyOf(message as MessageDraft), message];
      }),
    );
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

const idKeyOf = (message: MessageDraft) =>
  `${message.room}\n${clientIdKey(message.from.userId, message.clientMessageId ?? '')}`;
