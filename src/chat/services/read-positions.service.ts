import { Injectable } from '@nestjs/common';
import { ErrorCode } from '../contract/error-code.enum.js';
import type { ReadEvent } from '../contract/events.js';
import { ChatError } from '../errors/chat.error.js';
import type { ReadState } from '../stores/message-store.interface.js';
import { ConnectionRegistry, type Connection } from './connection-registry.js';
import { ChatDelivery } from './delivery.js';
import { MessageLog } from './message-log.js';

/**
 * How far each user has read each room: forward only, never past the
 * newest seq, shared by the user's sockets (its other sockets hear of a
 * move), and the unread count a join answers.
 */
@Injectable()
export class ReadPositionsService {
  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly delivery: ChatDelivery,
    private readonly log: MessageLog,
  ) {}

  async markRead(
    connection: Connection,
    room: string,
    seq: number,
  ): Promise<ReadEvent> {
    this.registry.requireMembership(connection, room);
    const { userId } = connection.user;
    const { lastRead, moved } = await this.log.markRead(room, userId, seq);
    if (moved) {
      this.delivery.deliver({
        to: { user: userId },
        except: connection.socketId,
        event: 'room:read',
        payload: { room, lastRead },
      });
    }
    return { room, lastRead };
  }

  /** For `room:join`: while the store is away, nothing read and nothing unread. */
  async forJoin(room: string, userId: string): Promise<ReadState> {
    return this.log.readState(room, userId).catch((error: unknown) => {
      if (error instanceof ChatError && error.code === ErrorCode.Unavailable) {
        return { lastRead: 0, unread: 0 };
      }
      throw error;
    });
  }
}
