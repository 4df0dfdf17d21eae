import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { SYSTEM_MEMBER } from '../module/chat.constants.js';
import { ErrorCode } from '../contract/error-code.enum.js';
import type {
  HistoryResult,
  Message,
  PrivateMessage,
  SendPayload,
} from '../contract/events.js';
import { ChatError } from '../errors/chat.error.js';
import { ClientBudgets } from '../limits/client-budgets.js';
import { ReplyQuotes } from './reply-quotes.js';
import { checkTextLength } from '../limits/text-length.js';
import { ChatMetrics, type MessageKind } from '../metrics/chat-metrics.js';
import type {
  AppendOutcome,
  MessageDraft,
} from '../stores/message-store.interface.js';
import { RoomsStore } from '../stores/rooms-store.interface.js';
import { ConnectionRegistry, type Connection } from './connection-registry.js';
import { ChatDelivery } from './delivery.js';
import { HistoryService, type HistoryRequest } from './history.service.js';
import { MessageLog } from './message-log.js';
import { RoomAccess } from './room-access.js';
import { createMessage, type PublishOptions } from './message-draft.js';
import { NotificationsService } from '../notifications/notifications.service.js';

/**
 * What is said: room messages (stored with their seq before they are
 * delivered and acked), broadcasts, private messages, announcements and
 * typing, each checked against the rules and the sender's message budgets.
 */
@Injectable()
export class MessagingService {
  private readonly logger = new Logger('MessagingService');

  constructor(
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
    @Inject(RoomsStore) private readonly store: RoomsStore,
    private readonly registry: ConnectionRegistry,
    private readonly delivery: ChatDelivery,
    private readonly budgets: ClientBudgets,
    private readonly quotes: ReplyQuotes,
    private readonly log: MessageLog,
    private readonly historyService: HistoryService,
    private readonly access: RoomAccess,
    private readonly notifications: NotificationsService,
    @Optional()
    @Inject(ChatMetrics)
    private readonly metrics: ChatMetrics | null = null,
  ) {}

  /** `room:history`: one page of a room the socket has joined. */
  async history(
    connection: Connection,
    room: string,
    request: HistoryRequest,
  ): Promise<HistoryResult> {
    this.registry.requireMembership(connection, room);
    await this.access.read(connection.user, room);
    return this.historyService.page(room, request);
  }

  /**
   * `message:send`: membership, mute and policy, then the budgets, then the store. A repeat
   * of a kept `clientMessageId` never costs budget: found while storing, its
   * budget is given back; refused by a spent budget, it is looked up and
   * answered with the first message (the contract's order, without a
   * lookup per send). Synchronous (the message, or a throw) when nothing on
   * the way waits: no policy, ban or mute in force, budgets off, the store
   * in this process (BENCHMARKS.md, "Levers").
   */
  sendToRoom(
    connection: Connection,
    { room, text, clientMessageId, replyTo }: SendPayload,
  ): Message | Promise<Message> {
    this.registry.requireMembership(connection, room);
    this.checkText(text);
    const allowed = this.access.send(connection.user, room);
    const draft = createMessage(room, connection.user, text, clientMessageId);
    if (replyTo !== undefined) {
      return this.sendReply(connection, draft, replyTo, allowed);
    }
    if (!allowed && !this.budgets.limited) {
      const outcome = this.log.appendNow(draft);
      if (outcome !== undefined) return this.posted(draft, outcome).message;
    }
    return this.sendWithinBudget(connection, draft, allowed);
  }

  /**
   * A reply: the quote is taken before the send (`NOT_FOUND` without a
   * kept, undeleted message to quote), except for a repeat of a kept
   * `clientMessageId`, answered as sent even if the quoted one went since.
   */
  private async sendReply(
    connection: Connection,
    draft: MessageDraft,
    replyTo: string,
    allowed: Promise<void> | void,
  ): Promise<Message> {
    if (allowed) await allowed;
    try {
      draft.replyTo = await this.quotes.quote(draft.room, replyTo);
    } catch (refusal) {
      return this.earlierOr(connection, draft, refusal);
    }
    return this.sendWithinBudget(connection, draft, undefined);
  }

  private async sendWithinBudget(
    connection: Connection,
    draft: MessageDraft,
    allowed: Promise<void> | void,
  ): Promise<Message> {
    if (allowed) await allowed;
    let giveBack: (() => Promise<void>) | null = null;
    try {
      // No promise hop while the budgets are off (`spend` answers `null`).
      const spending = this.spendBudget(connection);
      if (spending) giveBack = await spending;
    } catch (refusal) {
      return this.earlierOr(connection, draft, refusal);
    }
    try {
      const { message, duplicate } = await this.postToRoom(draft);
      if (duplicate) await giveBack?.();
      return message;
    } catch (error) {
      await giveBack?.(); // nothing was kept: the retry must not cost twice
      throw error;
    }
  }

  /** A refused send: answered with the kept message of its `clientMessageId` if there is one (a retry), else refused. */
  private async earlierOr(
    connection: Connection,
    draft: MessageDraft,
    refusal: unknown,
  ): Promise<Message> {
    const earlier =
      draft.clientMessageId &&
      (await this.log.findByClientId(
        draft.room,
        connection.user.userId,
        draft.clientMessageId,
      ));
    if (earlier) return earlier;
    throw refusal;
  }

  /**
   * Posts into a room on behalf of `from` (the system member by default):
   * the path for HTTP pushes and for services of the host application.
   * `duplicate` when `clientMessageId` named a kept message (answered as is).
   */
  async publishToRoom(
    room: string,
    text: string,
    { from = SYSTEM_MEMBER, clientMessageId }: PublishOptions = {},
  ): Promise<{ message: Message; duplicate: boolean }> {
    this.checkText(text);
    return this.postToRoom(createMessage(room, from, text, clientMessageId));
  }

  async broadcast(connection: Connection, text: string, includeSelf = false) {
    this.checkText(text);
    await this.spendBudget(connection);
    const message = createMessage(null, connection.user, text);
    this.accepted('broadcast');
    this.delivery.deliver({
      to: { everyone: true },
      except: includeSelf ? undefined : connection.socketId,
      event: 'message:broadcast',
      payload: message,
    });
    return message;
  }

  async sendPrivate(connection: Connection, to: string, text: string) {
    this.checkText(text);
    if (!(await this.store.isUserConnected(to))) {
      throw new ChatError(ErrorCode.NotFound, `User ${to} is not connected`);
    }
    await this.spendBudget(connection);
    const message = createMessage(null, connection.user, text);
    this.accepted('private');
    const payload: PrivateMessage = { ...message, to };
    this.delivery.deliver({
      to: { user: to },
      event: 'message:private',
      payload,
    });
    return message;
  }

  /** An announcement from the system member to every `/chat` client. */
  async announce(text: string): Promise<Message> {
    this.checkText(text);
    const message = createMessage(null, SYSTEM_MEMBER, text);
    this.accepted('announcement');
    this.delivery.deliver({
      to: { everyone: true },
      event: 'announcement',
      payload: message,
    });
    return message;
  }

  /** Delivered only when the socket's state in the room changes; never kept for recovery. */
  typing(connection: Connection, room: string, typing: boolean): void {
    const local = this.registry.requireMembership(connection, room);
    this.access.typing(connection.user, room);
    const typingIn = (local.typingIn ??= new Set());
    if (typingIn.has(room) === typing) return;
    if (typing) typingIn.add(room);
    else typingIn.delete(room);
    this.delivery.deliver({
      to: { room },
      except: connection.socketId,
      transient: true,
      event: 'typing',
      payload: { room, member: connection.user, typing },
    });
  }

  /**
   * Stores, then delivers. A message the store does not keep (a room
   * without members, history not durable) reaches whoever is there, without
   * a seq; a repeat is answered and neither counted nor delivered again.
   */
  private async postToRoom(draft: MessageDraft) {
    return this.posted(draft, await this.log.append(draft));
  }

  private posted(
    draft: MessageDraft,
    outcome: AppendOutcome | null,
  ): AppendOutcome {
    if (outcome?.duplicate) return outcome;
    const message: Message = outcome?.message ?? draft;
    this.deliverAccepted(message);
    return { message, duplicate: false };
  }

  /** A room message the store has (committed, with a database): counted, delivered, notified. */
  deliverAccepted(message: Message): void {
    this.accepted('room');
    this.delivery.deliver({
      to: { room: message.room! },
      event: 'message:new',
      payload: message,
    });
    this.notifications.messageAccepted(message);
  }

  /**
   * Counts an accepted message (shared counter and metrics). The message
   * stands whether or not the counter could be written: a count that failed
   * must not turn a kept message into an error whose retry duplicates it.
   */
  private accepted(kind: MessageKind) {
    this.metrics?.messageAccepted(kind);
    if (this.store.countMessageNow) this.store.countMessageNow();
    else this.store.countMessage().catch(this.countFailed);
  }

  private readonly countFailed = (error: unknown) => {
    this.logger.warn(
      `A message was not counted: ${error instanceof Error ? error.message : String(error)}`,
    );
  };

  private checkText(text: string) {
    checkTextLength(text, this.options.maxTextLength);
  }

  private spendBudget(connection: Connection) {
    const address = this.registry.get(connection.socketId)?.address ?? '';
    return this.budgets.spend(connection.user.userId, address);
  }
}
