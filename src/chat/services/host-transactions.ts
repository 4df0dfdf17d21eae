import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Message } from '../contract/events.js';
import { SYSTEM_MEMBER } from '../module/chat.constants.js';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { checkTextLength } from '../limits/text-length.js';
import { MessageStore } from '../stores/message-store.interface.js';
import { PostgresMessageStore } from '../stores/postgres/postgres-message.store.js';
import { CONNECT_TIMEOUT_MS } from '../stores/postgres/postgres-connection.js';
import {
  OUTBOX_SQL,
  PUBLISHED_CHANNEL,
} from '../stores/postgres/sql-outbox.js';
import { createMessage, type PublishOptions } from './message-draft.js';
import { MessagingService } from './messaging.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';

/** What `pg`'s clients and pools share: a host passes the client of its open transaction. */
export type TransactionClient = Pick<pg.ClientBase, 'query'>;

/** The notification a host's commit sends this instance. */
interface Published {
  instance: string;
  room: string;
  id: string;
}

/**
 * Publishing inside a host's own PostgreSQL transaction: the message (and
 * its webhook event) is written through the host's client, and a
 * `NOTIFY` in the same transaction tells this instance once it commits —
 * PostgreSQL sends notifications only on commit, so a rollback leaves
 * neither a message nor a delivery. The listening connection is opened by
 * the first such publish, not before.
 */
@Injectable()
export class HostTransactions implements OnApplicationShutdown {
  private readonly logger = new Logger('ChatPostgres');
  private readonly instance = randomUUID();
  private listener: Promise<pg.Client> | null = null;

  constructor(
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
    @Inject(MessageStore) private readonly store: MessageStore,
    private readonly messaging: MessagingService,
    private readonly notifications: NotificationsService,
  ) {}

  async publish(
    client: TransactionClient,
    room: string,
    text: string,
    { from = SYSTEM_MEMBER, clientMessageId }: PublishOptions = {},
  ): Promise<Message> {
    const store = this.store;
    if (!(store instanceof PostgresMessageStore) || !this.options.database) {
      throw new Error(
        'publishInTransaction needs the ChatModule option database (the chat in PostgreSQL)',
      );
    }
    checkTextLength(text, this.options.maxTextLength);
    await this.listen(this.options.database.url);
    const draft = createMessage(room, from, text, clientMessageId);
    const { message, duplicate } = await store.appendWith(client, draft);
    if (!duplicate) {
      const published: Published = {
        instance: this.instance,
        room,
        id: message.id,
      };
      await client.query(OUTBOX_SQL.notifyPublished, [
        JSON.stringify(published),
      ]);
    }
    return message;
  }

  async onApplicationShutdown(): Promise<void> {
    const listener = this.listener;
    this.listener = null;
    await listener?.then((client) => client.end()).catch(() => undefined);
  }

  /** The listening connection; a broken one is replaced by the next publish. */
  private listen(url: string): Promise<pg.Client> {
    this.listener ??= (async () => {
      const client = new pg.Client({
        connectionString: url,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        application_name: 'nest-chat-module listener',
      });
      client.on('notification', ({ payload }) => this.committed(payload));
      client.on('error', (error) => {
        this.logger.warn(
          `The connection listening for host commits broke (opened again by the next publish): ${error.message}`,
        );
        this.listener = null;
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${PUBLISHED_CHANNEL}`);
        return client;
      } catch (error) {
        this.listener = null;
        await client.end().catch(() => undefined);
        throw error;
      }
    })();
    return this.listener;
  }

  /** A host's transaction committed: its message is delivered and notified as any accepted one. */
  private committed(payload: string | undefined) {
    let published: Published;
    try {
      published = JSON.parse(payload ?? '') as Published;
    } catch {
      return;
    }
    if (published.instance !== this.instance) return;
    this.notifications.outboxWritten();
    this.store.findMany(published.room, [published.id]).then(
      ([message]) => {
        if (message) this.messaging.deliverAccepted(message);
      },
      (error: Error) =>
        this.logger.warn(
          `A message committed by the host was stored but not delivered live (clients find it in history): ${error.message}`,
        ),
    );
  }
}
