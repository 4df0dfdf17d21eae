import type pg from 'pg';
import type { Reaction } from '../../contract/events.js';
import {
  LISTED_REACTORS,
  MAX_EMOJI_PER_MESSAGE,
  type MessageKey,
  type ReactionStore,
  type ToggleOutcome,
} from '../reaction-store.interface.js';
import { UUID } from './message-row.js';
import { SQL } from './sql.js';

/** Durable reactions (`chat_reactions`, migration 0006). */
export class PostgresReactionStore implements ReactionStore {
  constructor(private readonly pool: pg.Pool) {}

  async toggle(
    _room: string,
    messageId: string,
    userId: string,
    emoji: string,
    on: boolean,
  ): Promise<ToggleOutcome> {
    if (!UUID.test(messageId)) return 'unchanged';
    if (!on) {
      const { rowCount } = await this.pool.query(SQL.removeReaction, [
        messageId,
        emoji,
        userId,
      ]);
      return (rowCount ?? 0) > 0 ? 'changed' : 'unchanged';
    }
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const locked = await client.query(SQL.lockMessage, [messageId]);
      const outcome: ToggleOutcome =
        locked.rowCount === 0
          ? 'unchanged' // the message went meanwhile
          : (
              await client.query<{ outcome: ToggleOutcome }>(SQL.addReaction, [
                messageId,
                emoji,
                userId,
                MAX_EMOJI_PER_MESSAGE,
              ])
            ).rows[0].outcome;
      await client.query('COMMIT');
      return outcome;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** One statement for all (ids are unique over rooms). */
  async of(messages: MessageKey[]) {
    const found = new Map<string, Reaction[]>();
    const ids = messages.map(({ id }) => id).filter((id) => UUID.test(id));
    if (ids.length === 0) return found;
    const { rows } = await this.pool.query<{
      message_id: string;
      emoji: string;
      count: string;
      user_ids: string[];
    }>(SQL.reactionsOf, [ids, LISTED_REACTORS]);
    for (const row of rows) {
      const list = found.get(row.message_id) ?? [];
      list.push({
        emoji: row.emoji,
        count: Number(row.count),
        userIds: row.user_ids,
      });
      found.set(row.message_id, list);
    }
    return found;
  }
}
