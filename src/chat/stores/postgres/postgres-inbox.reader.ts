import type pg from 'pg';
import type { Message, RoomKind } from '../../contract/events.js';
import type { InboxReader, InboxState } from '../inbox-reader.interface.js';
import { toMessage, type MessageRow } from './message-row.js';
import { SQL } from './sql.js';

interface StateRow {
  room: string;
  kind: RoomKind;
  joined_at: string;
  latest_seq: string;
  last_read: string;
  unread: string;
  last_at: string | null;
}

/** The inbox in two statements, whatever the number of rooms: the states, then one page's last messages. */
export class PostgresInboxReader implements InboxReader {
  constructor(
    private readonly pool: pg.Pool,
    private readonly cutoff: () => number,
  ) {}

  async states(userId: string): Promise<InboxState[]> {
    const { rows } = await this.pool.query<StateRow>(SQL.inboxStates, [
      userId,
      this.cutoff(),
    ]);
    return rows.map((row) => ({
      room: row.room,
      kind: row.kind,
      joinedAt: Number(row.joined_at),
      latestSeq: Number(row.latest_seq),
      lastRead: Number(row.last_read),
      unread: Number(row.unread),
      lastAt: row.last_at === null ? null : Number(row.last_at),
    }));
  }

  async lastMessages(rooms: string[]): Promise<Map<string, Message>> {
    if (rooms.length === 0) return new Map();
    const { rows } = await this.pool.query<MessageRow>(SQL.lastMessages, [
      rooms,
      this.cutoff(),
    ]);
    return new Map(rows.map((row) => [row.room, toMessage(row)]));
  }
}
