import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '../contract/error-code.enum.js';
import type { Message, ReactPayload, ReactResult } from '../contract/events.js';
import { ChatError } from '../errors/chat.error.js';
import { ClientBudgets } from '../limits/client-budgets.js';
import {
  MAX_EMOJI_PER_MESSAGE,
  ReactionStore,
} from '../stores/reaction-store.interface.js';
import { ConnectionRegistry, type Connection } from './connection-registry.js';
import { ChatDelivery } from './delivery.js';
import { MessageLog } from './message-log.js';
import { OutageGuard } from './outage-guard.js';
import { RoomAccess } from './room-access.js';

/**
 * Reactions: `message:react` (membership, mute and policy, the message
 * budget, a kept and undeleted message), `message:reactions` to the room
 * only when something changed, and the reactions messages carry when read.
 */
@Injectable()
export class ReactionsService {
  /** No deadline for a store in this process: it cannot be away (BENCHMARKS.md, "Levers"). */
  private readonly guard: OutageGuard | null;

  constructor(
    @Inject(ReactionStore) private readonly store: ReactionStore,
    private readonly registry: ConnectionRegistry,
    private readonly access: RoomAccess,
    private readonly budgets: ClientBudgets,
    private readonly log: MessageLog,
    private readonly delivery: ChatDelivery,
  ) {
    this.guard = store.inProcess
      ? null
      : new OutageGuard(
          'ChatReactions',
          'reaction store',
          'message:react answers UNAVAILABLE and messages are read without reactions',
        );
  }

  private run<T>(work: Promise<T>): Promise<T> {
    return this.guard ? this.guard.run(work) : work;
  }

  async react(
    connection: Connection,
    { room, id, emoji, on }: ReactPayload,
  ): Promise<ReactResult> {
    const local = this.registry.requireMembership(connection, room);
    const { userId } = connection.user;
    await this.access.send(connection.user, room);
    if (this.budgets.limited) {
      await this.budgets.takeMessage(userId, local.address);
    }
    const [message] = await this.log.findMany(room, [id]);
    if (!message || message.deletedAt !== undefined || !message.seq) {
      throw new ChatError(ErrorCode.NotFound, 'No such message in this room');
    }
    const outcome = await this.run(
      this.store.toggle(room, id, userId, emoji, on),
    );
    if (outcome === 'limit') {
      throw ChatError.validation([
        {
          field: 'emoji',
          errors: [
            `a message carries at most ${MAX_EMOJI_PER_MESSAGE} different emoji`,
          ],
        },
      ]);
    }
    const reactions =
      (await this.run(this.store.of([{ room, id }]))).get(id) ?? [];
    if (outcome === 'changed') {
      this.delivery.deliver({
        to: { room },
        event: 'message:reactions',
        payload: { room, id, seq: message.seq, reactions },
      });
    }
    return { room, id, reactions };
  }

  /** Room messages as read now, with their reactions (without, while the store is away). */
  async attach(messages: Message[]): Promise<Message[]> {
    if (messages.length === 0) return messages;
    const keys = messages.map(({ room, id }) => ({ room: room ?? '', id }));
    const found = await this.run(this.store.of(keys)).catch(() => null);
    if (!found || found.size === 0) return messages;
    return messages.map((message) => {
      const reactions = found.get(message.id);
      return reactions ? { ...message, reactions } : message;
    });
  }
}
