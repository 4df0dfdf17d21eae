import { Catch, Logger, type ArgumentsHost } from '@nestjs/common';
import type { WsExceptionFilter } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { ErrorCode } from '../contract/error-code.enum.js';
import type { AckFailure, ServerToClientEvents } from '../contract/events.js';
import { ChatMetrics } from '../metrics/chat-metrics.js';
import { ChatError } from './chat.error.js';

/**
 * The one place where a failed gateway event becomes the contract's answer:
 * the ack `{ ok: false, error }` when the client sent an ack callback, the
 * `exception` event otherwise. The socket stays connected either way.
 * Refusals are counted here, by code.
 */
@Catch()
export class WsAckExceptionFilter implements WsExceptionFilter {
  private readonly logger = new Logger('ChatGateway');

  constructor(private readonly metrics: ChatMetrics) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ws = host.switchToWs();
    const error = this.toChatError(exception);
    this.metrics.eventRefused(error.code);
    // Nest passes (client, data, ack, pattern): the ack is the third argument.
    const ack: unknown = host.getArgByIndex(2);
    if (typeof ack === 'function') {
      const failure: AckFailure = { ok: false, error: error.toBody() };
      (ack as (response: AckFailure) => void)(failure);
      return;
    }
    const client = ws.getClient<Socket<never, ServerToClientEvents>>();
    client.emit('exception', {
      ...error.toBody(),
      event: String(ws.getPattern()),
    });
  }

  private toChatError(exception: unknown): ChatError {
    if (exception instanceof ChatError) return exception;
    this.logger.error(exception);
    return new ChatError(ErrorCode.Internal);
  }
}
