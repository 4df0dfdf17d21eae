import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ErrorCode } from '../contract/error-code.enum.js';
import type { DirectResult, Member } from '../contract/events.js';
import { ChatError } from '../errors/chat.error.js';
import { ClientBudgets } from '../limits/client-budgets.js';
import { ConnectionRegistry, type Connection } from './connection-registry.js';
import { HistoryService } from './history.service.js';
import { MembersService } from './members.service.js';
import { PresenceService } from './presence.service.js';
import { ReadPositionsService } from './read-positions.service.js';
import { RoomAccess } from './room-access.js';

/**
 * The direct room of two users: `dm:` and a hash of the pair, so the same
 * whoever opens it, on any instance. Memberships are idempotent per room
 * and user, so two opens at once make one room.
 */
export function directRoomName(a: string, b: string): string {
  const [first, second] = a < b ? [a, b] : [b, a];
  const digest = createHash('sha256').update(`${first}\n${second}`).digest();
  return `dm:${digest.toString('base64url')}`;
}

/** `dm:open` and the host's `openDirect`: the caller and the peer become members. */
@Injectable()
export class DirectRoomsService {
  constructor(
    private readonly members: MembersService,
    private readonly presence: PresenceService,
    private readonly history: HistoryService,
    private readonly reads: ReadPositionsService,
    private readonly access: RoomAccess,
    private readonly budgets: ClientBudgets,
    private readonly registry: ConnectionRegistry,
  ) {}

  /** A socket's `dm:open`: signed-in users only, within the message budget. */
  async openFor(connection: Connection, userId: string): Promise<DirectResult> {
    this.requireSignedIn();
    const local = this.registry.require(connection);
    await this.budgets.takeMessage(connection.user.userId, local.address);
    return this.open(connection.user, userId);
  }

  /**
   * Opens (or finds) the direct room of `user` and `peerId`: both become
   * members, the peer's sockets get `room:added`. Answers `room:join`'s
   * data for `user`, with the peer.
   */
  async open(user: Member, peerId: string): Promise<DirectResult> {
    this.requireSignedIn();
    const room = directRoomName(user.userId, peerId);
    await this.access.join(user, room);
    const opened = await this.members.add(room, 'direct', user);
    if (peerId !== user.userId) {
      // A peer not seen yet is named by its id until it speaks for itself.
      const peer = { userId: peerId, nickname: peerId };
      try {
        await this.members.add(room, 'direct', peer, user);
      } catch (error) {
        // The peer is in too many rooms: no room of one is left behind.
        if (opened) await this.members.remove(room, user.userId);
        throw error;
      }
    }
    this.members.apply({ userId: user.userId, room, added: true });
    const [members, history, read] = await Promise.all([
      this.presence.memberList(room),
      this.history.forJoin(room),
      this.reads.forJoin(room, user.userId),
    ]);
    const peer = members.members.find((member) => member.userId === peerId) ?? {
      userId: peerId,
      nickname: peerId,
    };
    return {
      room,
      kind: 'direct',
      peer: { userId: peer.userId, nickname: peer.nickname },
      ...members,
      ...history,
      ...read,
    };
  }

  private requireSignedIn() {
    if (!this.members.enabled) {
      throw new ChatError(
        ErrorCode.Forbidden,
        'Direct rooms need a signed-in user',
      );
    }
  }
}
