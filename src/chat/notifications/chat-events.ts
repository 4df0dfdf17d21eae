import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import type { ChatEvent } from './chat-event.js';
import { IsolatedObservable } from './isolated-observable.js';
import { QuietWarning } from './quiet-warning.js';

/**
 * The host's in-process view of the chat (`RoomsService.events`). Events
 * are handed over after the current task (the sender's ack and the room's
 * delivery are written first), and only while someone subscribes: an
 * unobserved chat builds none.
 */
@Injectable()
export class ChatEvents implements OnApplicationShutdown {
  private readonly subject = new Subject<ChatEvent>();
  private queued: ChatEvent[] = [];
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

  emit(event: ChatEvent): void {
    if (!this.subject.observed) return;
    this.queued.push(event);
    if (this.queued.length === 1) setImmediate(this.flush);
  }

  private readonly flush = () => {
    const events = this.queued;
    this.queued = [];
    for (const event of events) this.subject.next(event);
  };

  onApplicationShutdown(): void {
    this.flush();
    this.subject.complete();
  }
}
