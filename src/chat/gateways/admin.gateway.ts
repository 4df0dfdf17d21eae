import { Inject, UseFilters } from '@nestjs/common';
import {
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Namespace } from 'socket.io';
import { ADMIN_NAMESPACE } from '../module/chat.constants.js';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { HandshakeError } from '../contract/error-code.enum.js';
import type {
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  EmptyResult,
} from '../contract/index.js';
import {
  KickDto,
  MessageRefDto,
  ModerationDto,
  ModerationTargetDto,
  RoomDto,
  TextDto,
} from '../dto/index.js';
import { ok } from '../transport/ack.js';
import { WsAckExceptionFilter } from '../errors/ws-ack-exception.filter.js';
import { WsValidationPipe } from '../errors/ws-validation.pipe.js';
import { RoomsService } from '../services/rooms.service.js';
import { secretMatches } from '../transport/secret.js';

type AdminNamespace = Namespace<
  AdminClientToServerEvents,
  AdminServerToClientEvents
>;

/** `/admin`: operator calls, behind `ADMIN_TOKEN`, through the same `RoomsService` a host uses. */
@UseFilters(WsAckExceptionFilter)
@WebSocketGateway({ namespace: ADMIN_NAMESPACE })
export class AdminGateway implements OnGatewayInit<AdminNamespace> {
  constructor(
    private readonly rooms: RoomsService,
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
  ) {}

  afterInit(namespace: AdminNamespace): void {
    // Guards do not run on connection: the token is checked at the handshake.
    namespace.use((socket, next) => {
      const { token } = (socket.handshake.auth ?? {}) as { token?: unknown };
      next(
        secretMatches(token, this.options.adminToken)
          ? undefined
          : new Error(HandshakeError.Unauthorized),
      );
    });
  }

  @SubscribeMessage('admin:announce')
  async announce(@MessageBody(WsValidationPipe) { text }: TextDto) {
    return ok({ message: await this.rooms.announce(text) });
  }

  @SubscribeMessage('admin:kick')
  async kick(@MessageBody(WsValidationPipe) { userId, room }: KickDto) {
    return ok({ kicked: await this.rooms.kick(userId, room) });
  }

  @SubscribeMessage('admin:stats')
  async stats(@MessageBody(WsValidationPipe) _payload: EmptyResult) {
    return ok(await this.rooms.stats());
  }

  @SubscribeMessage('admin:delete')
  async delete(@MessageBody(WsValidationPipe) { room, id }: MessageRefDto) {
    return ok(await this.rooms.deleteMessage(room, id));
  }

  @SubscribeMessage('admin:ban')
  async ban(
    @MessageBody(WsValidationPipe) { userId, room, durationMs }: ModerationDto,
  ) {
    return ok({ kicked: await this.rooms.ban(userId, room, durationMs) });
  }

  @SubscribeMessage('admin:unban')
  async unban(
    @MessageBody(WsValidationPipe) { userId, room }: ModerationTargetDto,
  ) {
    await this.rooms.unban(userId, room);
    return ok({});
  }

  @SubscribeMessage('admin:mute')
  async mute(
    @MessageBody(WsValidationPipe) { userId, room, durationMs }: ModerationDto,
  ) {
    await this.rooms.mute(userId, room, durationMs);
    return ok({});
  }

  @SubscribeMessage('admin:unmute')
  async unmute(
    @MessageBody(WsValidationPipe) { userId, room }: ModerationTargetDto,
  ) {
    await this.rooms.unmute(userId, room);
    return ok({});
  }

  @SubscribeMessage('admin:moderation')
  async moderation(@MessageBody(WsValidationPipe) { room }: RoomDto) {
    return ok(await this.rooms.moderationOf(room));
  }
}
