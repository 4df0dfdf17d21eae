import { Inject, Logger, UseFilters } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { CHAT_NAMESPACE } from '../module/chat.constants.js';
import type { Message } from '../contract/events.js';
import { isChatServer } from '../transport/chat-server.js';
import { FastPath } from '../transport/fast-path/fast-path.js';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import * as dto from '../dto/index.js';
import { clientAddress } from '../limits/client-address.js';
import { ChatMetrics } from '../metrics/chat-metrics.js';
import { SessionRevocations } from '../transport/session-revocations.js';
import { ok } from '../transport/ack.js';
import { WsAckExceptionFilter } from '../errors/ws-ack-exception.filter.js';
import { WsValidationPipe } from '../errors/ws-validation.pipe.js';
import { ChatDelivery } from '../services/delivery.js';
import { MembershipService } from '../services/membership.service.js';
import { ConnectionsService } from '../services/connections.service.js';
import { MessagingService } from '../services/messaging.service.js';
import { MessageEditsService } from '../services/message-edits.service.js';
import { ModerationService } from '../services/moderation.service.js';
import { ReadPositionsService } from '../services/read-positions.service.js';
import { SocketTransport } from '../transport/socket-transport.js';
import { expireAt } from '../transport/session-expiry.js';
import { SessionRefreshService } from '../services/session-refresh.service.js';
import { SearchService } from '../services/search.service.js';
import { MembersService } from '../services/members.service.js';
import { InboxService } from '../services/inbox.service.js';
import { DirectRoomsService } from '../services/direct-rooms.service.js';
import { ReactionsService } from '../services/reactions.service.js';
import { chatHandshake } from '../transport/handshake.js';
import {
  connectionOf,
  type ChatNamespace,
  type ChatSocket,
} from '../transport/chat-socket.js';
import { chatRoomsOf } from '../transport/socket-rooms.js';

const okMessage = (message: Message) => ok({ message });

/** The `/chat` namespace: transport only; the rules live in `MembershipService` and `MessagingService`. */
@UseFilters(WsAckExceptionFilter)
@WebSocketGateway({ namespace: CHAT_NAMESPACE })
export class ChatGateway
  implements
    OnGatewayInit<ChatNamespace>,
    OnGatewayConnection<ChatSocket>,
    OnGatewayDisconnect<ChatSocket>
{
  private readonly logger = new Logger('Chat');
  private transport!: SocketTransport;

  constructor(
    private readonly membership: MembershipService,
    private readonly connections: ConnectionsService,
    private readonly messaging: MessagingService,
    private readonly delivery: ChatDelivery,
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
    private readonly revocations: SessionRevocations,
    private readonly metrics: ChatMetrics,
    private readonly edits: MessageEditsService,
    private readonly reads: ReadPositionsService,
    private readonly moderation: ModerationService,
    private readonly sessions: SessionRefreshService,
    private readonly searches: SearchService,
    private readonly members: MembersService,
    private readonly inbox: InboxService,
    private readonly directRooms: DirectRoomsService,
    private readonly reactions: ReactionsService,
    fastPath: FastPath,
  ) {
    fastPath.serve(this);
  }

  afterInit(namespace: ChatNamespace): void {
    if (!isChatServer(namespace.server)) {
      this.logger.warn(
        'The Socket.IO server was not created by ChatIoAdapter: CORS, path and payload bounds are not applied. Call useChat(app) (or app.useWebSocketAdapter(new ChatIoAdapter(app))) before listen().',
      );
    }
    for (const step of chatHandshake(this.options.authenticate, this.members))
      namespace.use(step);
    this.transport = new SocketTransport(
      namespace,
      this.options,
      this.revocations,
    );
    this.transport.answerPeers({
      kick: (userId, room) => this.membership.kickLocal(userId, room),
      moderate: (change) => this.moderation.applyChange(change),
      membership: (change) => this.members.apply(change),
    });
    this.delivery.attach(this.transport);
    const adapter = namespace.adapter as { bufferedPackets?: number };
    this.metrics.observeRecoveryBuffer(() => adapter.bufferedPackets ?? null);
  }

  async handleConnection(socket: ChatSocket): Promise<void> {
    try {
      const userRoom = this.transport.userRoomOf(socket.data.user.userId);
      if (userRoom !== socket.id) await socket.join(userRoom);
      // A recovered socket comes back with its id, data and rooms: it is
      // registered again as a member of those rooms, not as a new client.
      const rooms = socket.recovered ? chatRoomsOf(socket.rooms) : [];
      rooms.push(...(socket.data.memberRooms ?? []));
      socket.data.memberRooms = undefined;
      const address = clientAddress(socket.request, this.options.trustProxy);
      await this.connections.connect(connectionOf(socket), rooms, address);
      expireAt(socket, socket.data.expiresAt);
      socket.emit('session', { id: socket.id, ...socket.data.user });
      if (this.options.logConnections) {
        this.logger.verbose(
          `${socket.recovered ? 'recovered' : 'connected'} ${socket.id} (user ${socket.data.user.userId})`,
        );
      }
    } catch (error) {
      this.logger.error(
        `Connection ${socket.id} could not be registered`,
        error,
      );
      socket.disconnect(true);
    }
  }

  async handleDisconnect(socket: ChatSocket, reason?: string): Promise<void> {
    expireAt(socket, undefined);
    if (this.options.logConnections) {
      this.logger.verbose(
        `disconnected ${socket.id} (user ${socket.data.user?.userId}): ${reason}`,
      );
    }
    try {
      await this.connections.disconnect(socket.id);
    } catch (error) {
      this.logger.warn(
        `Disconnect of ${socket.id} not fully cleaned up yet (finished when the store is back): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  @SubscribeMessage('room:join')
  async join(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { room, since }: dto.JoinRoomDto,
  ) {
    return ok(await this.membership.join(connectionOf(socket), room, since));
  }

  @SubscribeMessage('room:leave')
  async leave(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { room }: dto.RoomDto,
  ) {
    return ok(await this.membership.leave(connectionOf(socket), room));
  }

  @SubscribeMessage('inbox:list')
  async inboxList(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) page: dto.InboxDto,
  ) {
    return ok(await this.inbox.list(connectionOf(socket), page));
  }

  @SubscribeMessage('dm:open')
  async openDirect(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { userId }: dto.DirectRoomDto,
  ) {
    return ok(await this.directRooms.openFor(connectionOf(socket), userId));
  }

  @SubscribeMessage('room:list')
  async list(@MessageBody(WsValidationPipe) page: dto.RoomListDto) {
    return ok(await this.membership.listRooms(page));
  }

  @SubscribeMessage('room:history')
  async history(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { room, ...page }: dto.HistoryQueryDto,
  ) {
    return ok(await this.messaging.history(connectionOf(socket), room, page));
  }

  /** Answered synchronously when the rules can (see `MessagingService.sendToRoom`). */
  @SubscribeMessage('message:send')
  send(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) payload: dto.SendMessageDto,
  ) {
    const sent = this.messaging.sendToRoom(connectionOf(socket), payload);
    return sent instanceof Promise ? sent.then(okMessage) : okMessage(sent);
  }

  @SubscribeMessage('message:broadcast')
  async broadcast(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe)
    { text, includeSelf }: dto.BroadcastMessageDto,
  ) {
    const message = await this.messaging.broadcast(
      connectionOf(socket),
      text,
      includeSelf,
    );
    return ok({ message });
  }

  @SubscribeMessage('message:private')
  async private(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { to, text }: dto.PrivateMessageDto,
  ) {
    const message = await this.messaging.sendPrivate(
      connectionOf(socket),
      to,
      text,
    );
    return ok({ message });
  }

  @SubscribeMessage('typing')
  typing(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { room, typing }: dto.TypingDto,
  ) {
    this.messaging.typing(connectionOf(socket), room, typing);
    return ok({});
  }

  @SubscribeMessage('message:edit')
  async edit(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { room, id, text }: dto.EditMessageDto,
  ) {
    const message = await this.edits.edit(connectionOf(socket), room, id, text);
    return ok({ message });
  }

  @SubscribeMessage('message:delete')
  async delete(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { room, id }: dto.MessageRefDto,
  ) {
    return ok(await this.edits.delete(connectionOf(socket), room, id));
  }

  @SubscribeMessage('room:read')
  async read(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { room, seq }: dto.ReadDto,
  ) {
    return ok(await this.reads.markRead(connectionOf(socket), room, seq));
  }

  @SubscribeMessage('message:react')
  async react(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) payload: dto.ReactDto,
  ) {
    return ok(await this.reactions.react(connectionOf(socket), payload));
  }

  @SubscribeMessage('room:search')
  async search(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { room, query, limit }: dto.SearchDto,
  ) {
    return ok(
      await this.searches.search(connectionOf(socket), room, query, limit),
    );
  }

  /** A new token for the same user: the socket lives until its `exp`. */
  @SubscribeMessage('session:refresh')
  async refresh(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { token }: dto.SessionRefreshDto,
  ) {
    const { exp, expiresAt } = await this.sessions.refresh(
      socket.data.user.userId,
      token,
    );
    expireAt(socket, expiresAt);
    return ok({ exp });
  }
}
