import { Catch, Logger, type ArgumentsHost } from '@nestjs/common';
import type { WsExceptionFilter } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { ErrorCode } from '../contract/error-code.enum.js';
import { ChatMetrics } from '../metrics/chat-metrics.js';
import { ChatError } from './chat.error.js';
import { answerRefusal } from './refusal.js';

/**
 * The one place where a failed gateway event becomes the contract's answer
 * (`answerRefusal`: the ack, or the `exception` event). The socket stays
 * connected either way. Refusals are counted here, by code.
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
    answerRefusal(
      ws.getClient<Socket>(),
      String(ws.getPattern()),
      error,
      host.getArgByIndex(2),
    );
  }

  private toChatError(exception: unknown): ChatError {
    if (exception instanceof ChatError) return exception;
    this.logger.error(exception);
    return new ChatError(ErrorCode.Internal);
  }
}
