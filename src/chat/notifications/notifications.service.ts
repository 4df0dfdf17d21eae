import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type pg from 'pg';
import type { Member, Message, MessageNewWebhook } from '../contract/events.js';
import { ChatMetrics } from '../metrics/chat-metrics.js';
import { WebhookMetrics } from '../metrics/webhook-metrics.js';
import { CHAT_DATABASE, CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { MessageStore } from '../stores/message-store.interface.js';
import { PostgresMessageStore } from '../stores/postgres/postgres-message.store.js';
import { PostgresOutbox } from '../stores/postgres/postgres-outbox.js';
import { ChatEvents } from './chat-events.js';
import { MemoryWebhookQueue } from './memory-webhook-queue.js';
import { OfflineMembers } from './offline-members.js';
import { OutboxWorker } from './outbox-worker.js';
import { QuietWarning } from './quiet-warning.js';
import { outboxLeaseMs } from './retry-schedule.js';
import { WebhookAttempts } from './webhook-attempts.js';
import { WebhookSender } from './webhook-sender.js';

/**
 * Where the chat's events go beyond the sockets: the host's in-process
 * stream (`ChatEvents`) and, with `webhook`, signed requests to the host's
 * endpoint — from the PostgreSQL outbox with a database (written with the
 * message), else from a bounded queue in memory. Nothing here is on the
 * send's path: the ack never waits for it, and its failures are its own.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('ChatWebhooks');
  private readonly sender: WebhookSender | null = null;
  private readonly queue: MemoryWebhookQueue | null = null;
  private readonly outbox: OutboxWorker | null = null;
  private readonly startLine: string | null = null;
  private readonly unread = new QuietWarning(
    this.logger,
    "A message's offline members could not be read (its events list none)",
  );

  constructor(
    @Inject(CHAT_OPTIONS) options: ResolvedChatOptions,
    @Inject(CHAT_DATABASE) pool: pg.Pool | null,
    @Inject(MessageStore) store: MessageStore,
    metrics: ChatMetrics,
    private readonly events: ChatEvents,
    private readonly offline: OfflineMembers,
  ) {
    const endpoint = options.webhook;
    if (!endpoint) return;
    const where = `${endpoint.url.origin}${endpoint.url.pathname}`;
    this.sender = new WebhookSender(endpoint);
    const durable =
      pool !== null &&
      store instanceof PostgresMessageStore &&
      store.writesOutbox;
    const table = durable ? new PostgresOutbox(pool) : null;
    const webhookMetrics = new WebhookMetrics(metrics.registry, {
      read: async () => table?.backlog() ?? this.queue!.backlog(),
    });
    const attempts = new WebhookAttempts(
      this.sender,
      webhookMetrics,
      this.logger,
      where,
    );
    if (table) {
      this.outbox = new OutboxWorker(
        table,
        attempts,
        (message) => this.offline.of(message),
        webhookMetrics,
        this.logger,
        {
          concurrency: endpoint.concurrency,
          leaseMs: outboxLeaseMs(endpoint.timeoutMs),
        },
      );
      const worker = this.outbox;
      (store as PostgresMessageStore).outboxEvents = (events) =>
        worker.adopt(events);
    } else {
      this.queue = new MemoryWebhookQueue(
        attempts,
        webhookMetrics,
        new QuietWarning(this.logger, 'Webhook events dropped'),
        endpoint,
      );
    }
    this.startLine = `Webhooks: POST to ${where}, ${durable ? 'events in the PostgreSQL outbox' : `events in memory (at most ${endpoint.maxPending} waiting)`}`;
  }

  /** Started and stopped by `ChatLifecycle`: the outbox needs the pool until its last outcomes are written. */
  start(): void {
    // Logged here, not when built: the app's own logger is in place by now.
    if (this.startLine) this.logger.log(this.startLine);
    this.outbox?.start();
  }

  async stop(): Promise<void> {
    this.queue?.stop();
    this.sender?.close();
    await this.outbox?.stop();
  }

  /**
   * A room message was accepted (stored; with a database its outbox row
   * was committed with it and handed to the outbox's sender already).
   */
  messageAccepted(message: Message): void {
    if (!this.queue && !this.events.observed) return;
    // Emitted now, built once the offline members are known: the events
    // of what follows at once (an edit, a deletion) wait behind it.
    const event = this.newMessageEvent(message);
    this.events.emit(event);
    const queue = this.queue;
    if (queue) {
      void event.then((built) =>
        queue.add(`msg_${randomUUID()}`, JSON.stringify(built), message.at),
      );
    }
  }

  /** Outbox rows were committed that nobody holds (a host's transaction): claim them now. */
  outboxWritten(): void {
    this.outbox?.wake();
  }

  messageEdited(message: Message): void {
    this.events.emit({ type: 'message.edited', message });
  }

  messageDeleted(message: Message): void {
    this.events.emit({ type: 'message.deleted', message });
  }

  memberAdded(room: string, member: Member, by?: Member): void {
    this.events.emit({ type: 'member.added', room, member, ...(by && { by }) });
  }

  memberRemoved(room: string, member: Member): void {
    this.events.emit({ type: 'member.removed', room, member });
  }

  /** Never rejects: without the offline members, the event says none. */
  private async newMessageEvent(message: Message): Promise<MessageNewWebhook> {
    let offline: string[] = [];
    try {
      offline = await this.offline.of(message);
    } catch (error) {
      this.unread.happened((error as Error).message);
    }
    return { type: 'message.new', message, offline };
  }
}
