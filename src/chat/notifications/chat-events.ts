import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import type { ChatEvent } from './chat-event.js';
import { IsolatedObservable } from './isolated-observable.js';
import { QuietWarning } from './quiet-warning.js';

/**
 * The host's in-process view of the chat (`RoomsService.events`). Events
 * are handed over after the current task (the sender's ack and the room's
 * delivery are written first), in the order they happened, and only while
 * someone subscribes: an unobserved chat builds none.
 */
@Injectable()
export class ChatEvents implements OnApplicationShutdown {
  private readonly subject = new Subject<ChatEvent>();
  /** Events not handed over yet; one still being built (a promise) holds back those after it. */
  private readonly queued: (ChatEvent | Promise<ChatEvent>)[] = [];
  private handing: Promise<void> | null = null;
  private readonly failures = new QuietWarning(
    new Logger('ChatEvents'),
    'A subscriber of RoomsService.events failed; the chat went on',
  );

  readonly stream: Observable<ChatEvent> = new IsolatedObservable<ChatEvent>(
    (error) =>
      this.failures.happened(
        error instanceof Error ? error.message : String(error),
      ),
    (subscriber) => this.subject.subscribe(subscriber),
  );

  /** Whether anyone listens (else there is nothing to build). */
  get observed(): boolean {
    return this.subject.observed;
  }

  /** An event, or one still being built (its promise must not reject). */
  emit(event: ChatEvent | Promise<ChatEvent>): void {
    if (!this.subject.observed) return;
    this.queued.push(event);
    this.handing ??= this.handOver();
  }

  private async handOver(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (let next = this.queued.shift(); next; next = this.queued.shift()) {
      this.subject.next(next instanceof Promise ? await next : next);
    }
    this.handing = null; // in the same step as the empty queue was seen
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handing;
    this.subject.complete();
  }
}
