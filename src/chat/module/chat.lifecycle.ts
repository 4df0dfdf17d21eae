import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { CHAT_MODULE_OPTIONS } from './chat.module-definition.js';
import type { ChatModuleOptions } from './chat-options.interface.js';
import { CHAT_DATABASE, CHAT_REDIS } from './chat-options.js';
import { describeStores } from './store.providers.js';
import { ChatMetrics } from '../metrics/chat-metrics.js';
import { ConnectionRegistry } from '../services/connection-registry.js';
import { ConnectionsService } from '../services/connections.service.js';
import { ModerationService } from '../services/moderation.service.js';
import { MessageStore } from '../stores/message-store.interface.js';
import { RoomsStore } from '../stores/rooms-store.interface.js';
import { NotificationsService } from '../notifications/notifications.service.js';

/**
 * Orders start and stop: the store's background work starts with the app;
 * at shutdown the sockets are closed first (by Nest), then the disconnect
 * clean-ups finish, then the webhooks stop (in-flight attempts end, the
 * outbox's outcomes are written), then the stores stop, then Redis and
 * PostgreSQL are released.
 */
@Injectable()
export class ChatLifecycle
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('Chat');

  constructor(
    private readonly connections: ConnectionsService,
    private readonly registry: ConnectionRegistry,
    private readonly metrics: ChatMetrics,
    @Inject(RoomsStore) private readonly store: RoomsStore,
    @Inject(CHAT_REDIS) private readonly redis: Redis | null,
    @Inject(MessageStore) private readonly messages: MessageStore,
    @Inject(CHAT_DATABASE) private readonly database: pg.Pool | null,
    private readonly moderation: ModerationService,
    @Inject(CHAT_MODULE_OPTIONS) private readonly options: ChatModuleOptions,
    private readonly notifications: NotificationsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.metrics.observe({
      connections: () => this.registry.size,
      rooms: () => this.store.roomCount(),
      redisUp: () => (this.redis ? this.redis.status === 'ready' : null),
      moderation: () => this.moderation.counts(),
    });
    await this.store.start?.(this.connections.storeEvents);
    await this.messages.start?.();
    this.logger.log(`Stores: ${describeStores(this.options)}`);
    this.notifications.start();
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`Shutting down${signal ? ` on ${signal}` : ''}`);
    await this.connections.settled();
    try {
      await this.notifications.stop();
      await this.store.stop?.();
      await this.messages.stop?.();
    } finally {
      await this.releaseRedis();
      await this.database?.end();
    }
  }

  /** Says goodbye to a Redis that is there; stops reconnecting to one that is away. */
  private async releaseRedis(): Promise<void> {
    if (!this.redis || this.redis.status === 'end') return;
    if (this.redis.status !== 'ready') {
      this.redis.disconnect();
      return;
    }
    await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
