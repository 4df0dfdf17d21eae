import { Inject, Logger, UseFilters } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { CHAT_NAMESPACE } from './chat.constants.js';
import { isChatServer } from './transport/chat-io.adapter.js';
import { CHAT_OPTIONS } from './chat-options.js';
import type { ResolvedChatOptions } from './chat-options.interface.js';
import {
  BroadcastMessageDto,
  HistoryQueryDto,
  JoinRoomDto,
  PrivateMessageDto,
  RoomDto,
  RoomListDto,
  SendMessageDto,
  TypingDto,
} from './dto/index.js';
import { clientAddress } from './limits/client-address.js';
import { ChatMetrics } from './metrics/chat-metrics.js';
import { SessionRevocations } from './transport/session-revocations.js';
import { ok } from './transport/ack.js';
import { WsAckExceptionFilter } from './errors/ws-ack-exception.filter.js';
import { WsValidationPipe } from './errors/ws-validation.pipe.js';
import { ChatDelivery } from './rooms/delivery.js';
import { MembershipService } from './rooms/membership.service.js';
import { MessagingService } from './rooms/messaging.service.js';
import type {
  ChatTransport,
  Delivery,
} from './transport/chat-transport.interface.js';
import {
  handshakeMiddleware,
  nicknameIdentity,
} from './transport/handshake.js';
import {
  connectionOf,
  type ChatNamespace,
  type ChatSocket,
} from './transport/chat-socket.js';
import {
  chatRoomKey,
  chatRoomsOf,
  userRoomKey,
} from './transport/socket-rooms.js';

/** The `/chat` namespace: transport only; the rules live in `MembershipService` and `MessagingService`. */
@UseFilters(WsAckExceptionFilter)
@WebSocketGateway({ namespace: CHAT_NAMESPACE })
export class ChatGateway
  implements
    OnGatewayInit<ChatNamespace>,
    OnGatewayConnection<ChatSocket>,
    OnGatewayDisconnect<ChatSocket>,
    ChatTransport
{
  private readonly logger = new Logger('Chat');

  @WebSocketServer()
  private readonly server!: ChatNamespace;

  constructor(
    private readonly membership: MembershipService,
    private readonly messaging: MessagingService,
    private readonly delivery: ChatDelivery,
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
    private readonly revocations: SessionRevocations,
    private readonly metrics: ChatMetrics,
  ) {}

  afterInit(namespace: ChatNamespace): void {
    if (!isChatServer(namespace.server)) {
      this.logger.warn(
        'The Socket.IO server was not created by ChatIoAdapter: CORS, path and payload bounds are not applied. Call useChat(app) (or app.useWebSocketAdapter(new ChatIoAdapter(app))) before listen().',
      );
    }
    namespace.use(
      handshakeMiddleware(this.options.authenticate ?? nicknameIdentity),
    );
    namespace.on('chat:kick', ({ userId, room }, reply) => {
      // The adapter's encoding turns an absent room into `null`.
      this.membership
        .kickLocal(userId, room ?? undefined)
        .then(reply, (error: unknown) => {
          this.logger.error('A kick asked by another instance failed', error);
          reply(0);
        });
    });
    this.delivery.attach(this);
    const adapter = namespace.adapter as { bufferedPackets?: number };
    this.metrics.observeRecoveryBuffer(() => adapter.bufferedPackets ?? null);
  }

  async handleConnection(socket: ChatSocket): Promise<void> {
    try {
      const userRoom = this.userRoomOf(socket.data.user.userId);
      if (userRoom !== socket.id) await socket.join(userRoom);
      // A recovered socket comes back with its id, data and rooms: it is
      // registered again as a member of those rooms, not as a new client.
      const rooms = socket.recovered ? chatRoomsOf(socket.rooms) : [];
      const address = clientAddress(socket.request, this.options.trustProxy);
      await this.membership.connect(connectionOf(socket), rooms, address);
      socket.emit('session', { id: socket.id, ...socket.data.user });
      this.logger.debug(
        `${socket.recovered ? 'recovered' : 'connected'} ${socket.id} (user ${socket.data.user.userId})`,
      );
    } catch (error) {
      this.logger.error(
        `Connection ${socket.id} could not be registered`,
        error,
      );
      socket.disconnect(true);
    }
  }

  async handleDisconnect(socket: ChatSocket, reason?: string): Promise<void> {
    this.logger.debug(
      `disconnected ${socket.id} (user ${socket.data.user?.userId}): ${reason}`,
    );
    try {
      await this.membership.disconnect(socket.id);
    } catch (error) {
      this.logger.warn(
        `Disconnect of ${socket.id} not fully cleaned up yet (finished when the store is back): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  @SubscribeMessage('room:join')
  async join(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { room, since }: JoinRoomDto,
  ) {
    return ok(await this.membership.join(connectionOf(socket), room, since));
  }

  @SubscribeMessage('room:leave')
  async leave(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { room }: RoomDto,
  ) {
    return ok(await this.membership.leave(connectionOf(socket), room));
  }

  @SubscribeMessage('room:list')
  async list(@MessageBody(WsValidationPipe) page: RoomListDto) {
    return ok(await this.membership.listRooms(page));
  }

  @SubscribeMessage('room:history')
  async history(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { room, ...page }: HistoryQueryDto,
  ) {
    return ok(await this.messaging.history(connectionOf(socket), room, page));
  }

  @SubscribeMessage('message:send')
  async send(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe)
    { room, text, clientMessageId }: SendMessageDto,
  ) {
    const message = await this.messaging.sendToRoom(
      connectionOf(socket),
      room,
      text,
      clientMessageId,
    );
    return ok({ message });
  }

  @SubscribeMessage('message:broadcast')
  async broadcast(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(WsValidationPipe) { text, includeSelf }: BroadcastMessageDto,
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
    @MessageBody(WsValidationPipe) { to, text }: PrivateMessageDto,
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
    @MessageBody(WsValidationPipe) { room, typing }: TypingDto,
  ) {
    this.messaging.typing(connectionOf(socket), room, typing);
    return ok({});
  }

  deliver({ to, except, event, payload, transient }: Delivery): void {
    const target =
      'room' in to
        ? this.server.to(chatRoomKey(to.room))
        : 'user' in to
          ? this.server.to(this.userRoomOf(to.user))
          : 'socket' in to
            ? this.server.to(to.socket)
            : this.server;
    const excepted = except === undefined ? target : target.except(except);
    const operator = transient ? excepted.volatile : excepted;
    // `event` and `payload` are matched by the `Delivery` union; the emit
    // overloads cannot follow a union, so the pair is passed on as is.
    (operator.emit as (event: string, payload: unknown) => boolean)(
      event,
      payload,
    );
  }

  /**
   * The room that reaches every socket of a user. With the default identity
   * a user is one socket (its `userId` is the socket id), so the socket's own
   * room serves and no room is added per connection.
   */
  private userRoomOf(userId: string): string {
    return this.options.authenticate ? userRoomKey(userId) : userId;
  }

  subscribe(socketId: string, room: string): void {
    void this.server.sockets.get(socketId)?.join(chatRoomKey(room));
  }

  unsubscribe(socketId: string, room: string): void {
    void this.server.sockets.get(socketId)?.leave(chatRoomKey(room));
  }

  revokeSessions(userId: string): void {
    this.revocations.revoke(userId);
  }

  /** Only the `/chat` socket: the client's other namespaces (a host's own) stay connected. */
  disconnect(socketId: string): void {
    this.server.sockets.get(socketId)?.disconnect();
  }

  async kickOnPeers(userId: string, room?: string): Promise<number> {
    if (!this.options.redis) return 0;
    const counts: number[] = await this.server
      .serverSideEmitWithAck('chat:kick', { userId, room })
      .catch((error: Error & { responses?: number[] }) => {
        // An instance that did not answer in time (the adapter's
        // `requestsTimeout`) is left out; the others' counts still hold.
        this.logger.warn(
          `Not every instance answered a kick: ${error.message}`,
        );
        return error.responses ?? [];
      });
    return counts.reduce((sum, count) => sum + count, 0);
  }
}
