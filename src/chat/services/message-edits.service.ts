import { Inject, Injectable } from '@nestjs/common';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { ErrorCode } from '../contract/error-code.enum.js';
import type { Message, MessageRefPayload } from '../contract/events.js';
import { ChatError } from '../errors/chat.error.js';
import { ClientBudgets } from '../limits/client-budgets.js';
import { checkTextLength } from '../limits/text-length.js';
import type {
  ChangeOutcome,
  MessageChange,
} from '../stores/message-store.interface.js';
import { ConnectionRegistry, type Connection } from './connection-registry.js';
import { ChatDelivery } from './delivery.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { MessageLog } from './message-log.js';
import { RoomAccess } from './room-access.js';

/**
 * Edits and deletions of room messages, in place: the `seq` stays, a
 * deleted message becomes a tombstone. Only the author may change a
 * message (an admin may delete any); each change reaches every member.
 */
@Injectable()
export class MessageEditsService {
  constructor(
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
    private readonly registry: ConnectionRegistry,
    private readonly delivery: ChatDelivery,
    private readonly budgets: ClientBudgets,
    private readonly log: MessageLog,
    private readonly access: RoomAccess,
    private readonly notifications: NotificationsService,
  ) {}

  /** `message:edit`: membership, mute and policy, budget, then the store. */
  async edit(
    connection: Connection,
    room: string,
    id: string,
    text: string,
  ): Promise<Message> {
    const local = this.registry.requireMembership(connection, room);
    checkTextLength(text, this.options.maxTextLength);
    await this.access.send(connection.user, room);
    const change = { text, editedAt: Date.now() };
    const message = await this.changeOwn(
      connection,
      local.address,
      room,
      id,
      change,
    );
    this.delivery.deliver({
      to: { room },
      event: 'message:updated',
      payload: message,
    });
    this.notifications.messageEdited(message);
    return message;
  }

  /** `message:delete`: the author's own message. */
  async delete(
    connection: Connection,
    room: string,
    id: string,
  ): Promise<MessageRefPayload> {
    const local = this.registry.requireMembership(connection, room);
    const change = { deletedAt: Date.now() };
    const message = await this.changeOwn(
      connection,
      local.address,
      room,
      id,
      change,
    );
    this.announceDeleted(message);
    return { room, id };
  }

  /** `admin:delete`: any author's message; members need not be there. */
  async deleteAny(room: string, id: string): Promise<MessageRefPayload> {
    const outcome = await this.log.change(room, id, { deletedAt: Date.now() });
    this.announceDeleted(answer(outcome, room, id));
    return { room, id };
  }

  /** A refused change (not the author's, not found) gives its budget back. */
  private async changeOwn(
    connection: Connection,
    address: string,
    room: string,
    id: string,
    change: MessageChange,
  ): Promise<Message> {
    const { userId } = connection.user;
    const giveBack = await this.budgets.spend(userId, address);
    try {
      return answer(await this.log.change(room, id, change, userId), room, id);
    } catch (error) {
      await giveBack?.();
      throw error;
    }
  }

  private announceDeleted(message: Message) {
    this.delivery.deliver({
      to: { room: message.room! },
      event: 'message:deleted',
      payload: { room: message.room!, id: message.id, seq: message.seq! },
    });
    this.notifications.messageDeleted(message);
  }
}

function answer(outcome: ChangeOutcome, room: string, id: string): Message {
  if (outcome === 'not-found') {
    throw new ChatError(
      ErrorCode.NotFound,
      `No message ${id} is kept in ${room}`,
    );
  }
  if (outcome === 'forbidden') {
    throw new ChatError(
      ErrorCode.Forbidden,
      'Only its author may change a message',
    );
  }
  return outcome;
}
