import type pg from 'pg';
import type { Message } from '../../contract/events.js';
import {
  clientIdKey,
  type AppendOutcome,
  type MessageDraft,
} from '../message-store.interface.js';
import { sequenced } from '../message-change.js';
import { SQL } from './sql.js';
import { toMessage, type MessageRow } from './message-row.js';

/** Unique violation (a concurrent repeat of a clientMessageId) and deadlock: the batch is tried again. */
const RETRIED = new Set(['23505', '40P01']);
const ATTEMPTS = 3;

/** Events this instance wrote to the outbox, leased to it, once committed. */
export type OutboxEvents = (
  events: { id: string; message: Message; leaseUntil: number }[],
) => void;

/** A pool, or a host's client inside its own transaction. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * Appends room messages in one statement per batch: seqs from the rooms'
 * counters, repeats of a clientMessageId answered from the table, and with
 * webhooks each message's outbox row in the same statement.
 */
export class BatchAppender {
  /** Who sends the outbox events this instance writes (the webhooks). */
  outboxEvents: OutboxEvents | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly outbox: { leaseMs: number } | undefined,
  ) {}

  /**
   * Writes one batch. Repeats of a clientMessageId within the batch wait
   * for the first; repeats of a stored one are answered from the table.
   */
  async appendBatch(drafts: MessageDraft[]): Promise<AppendOutcome[]> {
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

  async appendWith(db: Queryable, draft: MessageDraft): Promise<AppendOutcome> {
    // Not leased: the instance claims the event once the host commits.
    return (await this.tryInsert([draft], db, 0))[0];
  }

  private async tryInsert(
    drafts: MessageDraft[],
    db: Queryable = this.pool,
    leaseUntil = Date.now() + (this.outbox?.leaseMs ?? 0),
  ): Promise<AppendOutcome[]> {
    const outbox = this.outbox !== undefined;
    const { rows } = await db.query<{
      id: string;
      seq: string;
      event_id?: string;
    }>({
      // Named on the chat's own connections: parsed and planned once per
      // connection, then each batch sends only its values. Never named on
      // a host's client, which the chat must leave as it found it.
      name: db === this.pool ? appendStatementName(outbox) : undefined,
      text: outbox ? SQL.appendBatchWithOutbox : SQL.appendBatch,
      values: [
        drafts.map((d) => d.room),
        drafts.map((d) => d.id),
        drafts.map((d) => d.from.userId),
        drafts.map((d) => d.from.nickname),
        drafts.map((d) => d.text),
        drafts.map((d) => d.at),
        drafts.map((d) => d.clientMessageId ?? null),
        drafts.map((d) => (d.replyTo ? JSON.stringify(d.replyTo) : null)),
        ...(outbox ? [leaseUntil] : []),
      ],
    });
    const seqs = new Map(rows.map((row) => [row.id, Number(row.seq)]));
    if (outbox && leaseUntil > 0) this.leased(drafts, rows, leaseUntil);
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

  /** Hands the committed batch's outbox events to their sender. */
  private leased(
    drafts: MessageDraft[],
    rows: { id: string; seq: string; event_id?: string }[],
    leaseUntil: number,
  ) {
    if (!this.outboxEvents || rows.length === 0) return;
    const byId = new Map(drafts.map((draft) => [draft.id, draft]));
    this.outboxEvents(
      rows.map((row) => ({
        id: row.event_id!,
        message: sequenced(byId.get(row.id)!, Number(row.seq)),
        leaseUntil,
      })),
    );
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
}

const appendStatementName = (outbox: boolean) =>
  outbox ? 'chat_append_with_outbox_v1' : 'chat_append_v1';

const idKeyOf = (message: MessageDraft) =>
  `${message.room}\n${clientIdKey(message.from.userId, message.clientMessageId ?? '')}`;
