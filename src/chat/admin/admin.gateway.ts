import { Inject, UseFilters } from '@nestjs/common';
import {
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Namespace } from 'socket.io';
import { ADMIN_NAMESPACE } from '../chat.constants.js';
import { CHAT_OPTIONS } from '../chat-options.js';
import type { ResolvedChatOptions } from '../chat-options.interface.js';
import { HandshakeError } from '../contract/error-code.enum.js';
import type {
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  EmptyResult,
} from '../contract/events.js';
import { KickDto, TextDto } from '../dto/index.js';
import { ok } from '../transport/ack.js';
import { WsAckExceptionFilter } from '../errors/ws-ack-exception.filter.js';
import { WsValidationPipe } from '../errors/ws-validation.pipe.js';
import { RoomsService } from '../rooms.service.js';
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
}
