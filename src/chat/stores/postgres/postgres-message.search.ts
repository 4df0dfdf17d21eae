import type pg from 'pg';
import type { MessageSearch } from '../message-search.interface.js';
import { SQL } from './sql.js';
import { toMessage, type MessageRow } from './message-row.js';

/**
 * Search over everything kept within retention, through the GIN index on
 * `to_tsvector('simple', body)` (migration 0003): the words are ANDed by
 * `plainto_tsquery`, which reads them as plain text (no operators).
 */
export class PostgresMessageSearch implements MessageSearch {
  constructor(
    private readonly pool: pg.Pool,
    private readonly cutoff: () => number,
  ) {}

  async search(room: string, words: string[], limit: number) {
    const { rows } = await this.pool.query<MessageRow>(SQL.searchMessages, [
      room,
      words.join(' '),
      this.cutoff(),
      limit,
    ]);
    return rows.map(toMessage);
  }
}
