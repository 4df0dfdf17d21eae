import type pg from 'pg';
import type { MessageSearch } from '../message-search.interface.js';
import { SQL } from './sql.js';
import { toMessage, type MessageRow } from './message-row.js';

/** The newest messages read first: enough to answer a common word without the index. */
const RECENT_MESSAGES = 2000;

/**
 * Search over everything kept within retention, through the GIN index on
 * `to_tsvector('simple', body)` (migration 0003): the words are ANDed by
 * `plainto_tsquery`, which reads them as plain text (no operators). Two
 * steps, because no single plan suits both: a common word is answered by
 * the newest messages, a rare one only by the index.
 */
export class PostgresMessageSearch implements MessageSearch {
  constructor(
    private readonly pool: pg.Pool,
    private readonly cutoff: () => number,
  ) {}

  async search(room: string, words: string[], limit: number) {
    const params = [room, words.join(' '), this.cutoff(), limit];
    const recent = await this.pool.query<MessageRow>(SQL.searchRecent, [
      ...params,
      RECENT_MESSAGES,
    ]);
    if (recent.rows.length >= limit) return recent.rows.map(toMessage);
    const all = await this.pool.query<MessageRow>(SQL.searchMessages, params);
    return all.rows.map(toMessage);
  }
}
