import { Inject, Injectable, Logger } from '@nestjs/common';
import { CHAT_OPTIONS } from '../../module/chat-options.js';
import type { ResolvedChatOptions } from '../../module/chat-options.interface.js';
import { WsAckExceptionFilter } from '../../errors/ws-ack-exception.filter.js';
import { WsValidationPipe } from '../../errors/ws-validation.pipe.js';
import { ChatMetrics } from '../../metrics/chat-metrics.js';
import {
  directHandlers,
  hasGlobalEnhancers,
  type DirectHandler,
} from './direct-handlers.js';

/**
 * Where the `/chat` gateway registers itself for the fast path, and where
 * the adapter asks for its handlers (so the adapter never imports a
 * gateway). The handlers are served directly only when the option allows
 * it, the app has no global guards, interceptors or pipes, and every
 * handler follows the rule in `direct-handlers.ts`; otherwise one line at
 * start says why and Nest's handler context serves every event.
 */
@Injectable()
export class FastPath {
  private readonly logger = new Logger('ChatFastPath');
  private gateway: object | null = null;

  constructor(
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
    private readonly metrics: ChatMetrics,
  ) {}

  /** Called once by the `/chat` gateway (its constructor). */
  serve(gateway: object): void {
    this.gateway = gateway;
  }

  /** The registered gateway's handlers, callable directly, or `null` (said once, at start). */
  handlersFor(app: object): Map<string, DirectHandler> | null {
    if (!this.gateway) return null;
    if (!this.options.fastPath) {
      this.logger.log(
        "fastPath is off: /chat events go through Nest's handler context",
      );
      return null;
    }
    if (hasGlobalEnhancers(app)) {
      this.logger.log(
        "Global guards, interceptors or pipes found: /chat events go through Nest's handler context",
      );
      return null;
    }
    const { handlers, refused } = directHandlers(this.gateway, {
      pipeType: WsValidationPipe,
      pipe: new WsValidationPipe(),
      filterType: WsAckExceptionFilter,
      filter: new WsAckExceptionFilter(this.metrics),
    });
    if (refused.length === 0) return handlers;
    this.logger.warn(
      `The fast path cannot serve ${refused.join('; ')}: every /chat event goes through Nest's handler context`,
    );
    return null;
  }
}
