import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { finalize, tap, type Observable } from 'rxjs';
import { ErrorCode } from '../contract/error-code.enum.js';
import { ChatError } from '../errors/chat.error.js';
import { ChatMetrics } from './chat-metrics.js';

/** Times every gateway event and counts refusals by code. */
@Injectable()
export class MetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: ChatMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const done = this.metrics.startEvent(
      String(context.switchToWs().getPattern()),
    );
    return next.handle().pipe(
      tap({
        error: (error: unknown) =>
          this.metrics.eventRefused(
            error instanceof ChatError ? error.code : ErrorCode.Internal,
          ),
      }),
      finalize(done),
    );
  }
}
