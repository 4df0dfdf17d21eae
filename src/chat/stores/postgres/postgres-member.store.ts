import type pg from 'pg';
import type { Member, RoomKind, RoomSummary } from '../../contract/events.js';
import type {
  AddOutcome,
  MemberStore,
  Membership,
} from '../member-store.interface.js';
import type { RoomPage } from '../rooms-store.interface.js';
import { SQL } from './sql.js';

/** Durable memberships (`chat_members`, migration 0004): they outlive restarts. */
export class PostgresMemberStore implements MemberStore {
  constructor(private readonly pool: pg.Pool) {}

  async add(
    room: string,
    kind: RoomKind,
    member: Member,
    joinedAt: number,
    maxRooms: number,
  ): Promise<AddOutcome> {
    const { rows } = await this.pool.query<{ inserted: boolean }>(
      SQL.addMember,
      [room, member.userId, member.nickname, kind, joinedAt, maxRooms],
    );
    if (rows.length === 0) return 'limit';
    return rows[0].inserted ? 'added' : 'already';
  }

  async remove(room: string, userId: string): Promise<Member | null> {
    const { rows } = await this.pool.query<{ nickname: string }>(
      SQL.removeMember,
      [room, userId],
    );
    return rows.length > 0 ? { userId, nickname: rows[0].nickname } : null;
  }

  async isMember(room: string, userId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(SQL.isMember, [room, userId]);
    return (rowCount ?? 0) > 0;
  }

  async roomsOf(userId: string): Promise<Membership[]> {
    const { rows } = await this.pool.query<{
      room: string;
      kind: RoomKind;
      joined_at: string;
    }>(SQL.roomsOf, [userId]);
    return rows.map((row) => ({
      room: row.room,
      kind: row.kind,
      joinedAt: Number(row.joined_at),
    }));
  }

  async members(room: string, limit: number) {
    const { rows } = await this.pool.query<{
      user_id: string;
      nickname: string;
      total: string;
    }>(SQL.members, [room, limit]);
    const members = rows.map((row) => ({
      userId: row.user_id,
      nickname: row.nickname,
    }));
    // A limit of 0 reads no row, so no total: counted apart.
    const count =
      rows.length > 0
        ? Number(rows[0].total)
        : limit > 0
          ? 0
          : (await this.memberCounts([room]))[0];
    return { members, count };
  }

  async memberCounts(rooms: string[]): Promise<number[]> {
    if (rooms.length === 0) return [];
    const { rows } = await this.pool.query<{ room: string; members: string }>(
      SQL.memberCounts,
      [rooms],
    );
    const counts = new Map(rows.map((row) => [row.room, Number(row.members)]));
    return rooms.map((room) => counts.get(room) ?? 0);
  }

  async rooms({ after, limit }: RoomPage): Promise<RoomSummary[]> {
    const { rows } = await this.pool.query<{ room: string; members: string }>(
      SQL.rooms,
      [after ?? null, limit],
    );
    return rows.map((row) => ({
      room: row.room,
      members: Number(row.members),
    }));
  }

  async roomCount(): Promise<number> {
    const { rows } = await this.pool.query<{ rooms: string }>(SQL.roomCount);
    return Number(rows[0].rooms);
  }
}
