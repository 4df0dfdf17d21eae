import { Catch, Logger, type ArgumentsHost } from '@nestjs/common';
import type { WsExceptionFilter } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { ErrorCode } from '../contract/error-code.enum.js';
import { ChatMetrics } from '../metrics/chat-metrics.js';
import { ChatError } from './chat.error.js';
import { chatErrorOf } from './chat-error-of.js';
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
    // Nest passes (client, data, ack, pattern): the ack is the third argument.
    this.answer(
      exception,
      ws.getClient<Socket>(),
      String(ws.getPattern()),
      host.getArgByIndex(2),
    );
  }

  /** What `catch` does, for a handler called without Nest's context (`directHandlers`). */
  answer(
    exception: unknown,
    socket: Socket,
    event: string,
    ack: unknown,
  ): void {
    const error = this.toChatError(exception);
    this.metrics.eventRefused(error.code);
    answerRefusal(socket, event, error, ack);
  }

  /** A refusal (the rules', or a host's guard or policy) is answered, not logged above debug. */
  private toChatError(exception: unknown): ChatError {
    const refusal = chatErrorOf(exception);
    if (refusal) {
      if (!(exception instanceof ChatError)) {
        this.logger.debug(`Refused (${refusal.code}): ${refusal.message}`);
      }
      return refusal;
    }
    this.logger.error(exception);
    return new ChatError(ErrorCode.Internal);
  }
}
