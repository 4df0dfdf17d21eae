import type pg from 'pg';
import type {
  Moderation,
  ModerationKind,
  ModerationStore,
} from '../moderation-store.interface.js';
import { SQL } from './sql.js';

interface ModerationRow {
  room: string;
  user_id: string;
  kind: ModerationKind;
  ends_at: string | null;
}

/** Durable bans and mutes (`chat_moderation`); ended rows are deleted when the list is read. */
export class PostgresModerationStore implements ModerationStore {
  constructor(private readonly pool: pg.Pool) {}

  async put({ kind, room, userId, until }: Moderation): Promise<void> {
    await this.pool.query(SQL.putModeration, [room, userId, kind, until]);
  }

  async remove(kind: ModerationKind, room: string, userId: string) {
    const { rowCount } = await this.pool.query(SQL.removeModeration, [
      room,
      userId,
      kind,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async inForce(now: number, room?: string): Promise<Moderation[]> {
    await this.pool.query(SQL.pruneModeration, [now]);
    const { rows } = await this.pool.query<ModerationRow>(
      SQL.moderationInForce,
      [now, room ?? null],
    );
    return rows.map((row) => ({
      kind: row.kind,
      room: row.room,
      userId: row.user_id,
      until: row.ends_at === null ? null : Number(row.ends_at),
    }));
  }
}
