import { Injectable, Logger } from '@nestjs/common';
import type {
  ChatTransport,
  Delivery,
} from '../transport/chat-transport.interface.js';

/**
 * The late-bound transport: the gateway attaches itself once its server
 * is up. Deliveries made before that (a host's `onModuleInit` publishing)
 * wait and go out on attach, in order, instead of reaching nobody.
 */
@Injectable()
export class ChatDelivery {
  private readonly logger = new Logger('ChatDelivery');
  private transport: ChatTransport | null = null;
  private waiting: Delivery[] = [];

  attach(transport: ChatTransport): void {
    this.transport = transport;
    const waiting = this.waiting;
    this.waiting = [];
    if (waiting.length > 0) {
      this.logger.debug(`${waiting.length} deliveries made before start sent`);
    }
    for (const delivery of waiting) transport.deliver(delivery);
  }

  deliver(delivery: Delivery): void {
    if (this.transport) this.transport.deliver(delivery);
    else this.waiting.push(delivery);
  }

  /** The transport, once attached (`null` before: nothing to subscribe or kick yet). */
  get port(): ChatTransport | null {
    return this.transport;
  }
}
