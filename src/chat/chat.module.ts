import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ChatGateway } from './chat.gateway.js';
import {
  CHAT_MODULE_OPTIONS,
  ConfigurableModuleClass,
} from './chat.module-definition.js';
import {
  CHAT_DATABASE,
  CHAT_OPTIONS,
  CHAT_REDIS,
  resolveChatOptions,
} from './chat-options.js';
import { ChatLifecycle } from './chat.lifecycle.js';
import { ChatHealthIndicator } from './health/chat-health.indicator.js';
import { connectRedis } from './redis/redis-connection.js';
import { RedisRoomsStore } from './store/redis-rooms.store.js';
import type { ChatModuleOptions } from './chat-options.interface.js';
import { AdminGateway } from './admin/admin.gateway.js';
import { ChatMetrics } from './metrics/chat-metrics.js';
import { RoomsService } from './rooms.service.js';
import { ConnectionRegistry } from './rooms/connection-registry.js';
import { ChatDelivery } from './rooms/delivery.js';
import { MembershipService } from './rooms/membership.service.js';
import { MessagingService } from './rooms/messaging.service.js';
import { MemoryRoomsStore } from './store/memory-rooms.store.js';
import { RoomsStore } from './store/rooms-store.interface.js';
import { ClientBudgets } from './limits/client-budgets.js';
import { HistoryService } from './rooms/history.service.js';
import { MessageLog } from './rooms/message-log.js';
import { MessageEditsService } from './rooms/message-edits.service.js';
import { ModerationService } from './rooms/moderation.service.js';
import { ReadPositionsService } from './rooms/read-positions.service.js';
import { RoomAccess } from './rooms/room-access.js';
import { messageStoreProviders } from './store/message-store.providers.js';
import { SessionRevocations } from './transport/session-revocations.js';

/**
 * The drop-in chat: `ChatModule.forRoot(options)` or
 * `ChatModule.forRootAsync({ imports, inject, useFactory })` (extras:
 * `isGlobal`, `http`, `demoPage`, `metrics`: nothing is mounted unless
 * asked), then `useChat(app)` before `listen`.
 */
@Module({
  providers: [
    {
      provide: CHAT_OPTIONS,
      useFactory: resolveChatOptions,
      inject: [CHAT_MODULE_OPTIONS],
    },
    {
      provide: CHAT_REDIS,
      useFactory: (options: ChatModuleOptions) =>
        options.redis ? connectRedis(options.redis) : null,
      inject: [CHAT_MODULE_OPTIONS],
    },
    {
      provide: RoomsStore,
      useFactory: (options: ChatModuleOptions, redis: Redis | null) =>
        options.store ??
        (redis
          ? new RedisRoomsStore(redis, options.redis)
          : new MemoryRoomsStore()),
      inject: [CHAT_MODULE_OPTIONS, CHAT_REDIS],
    },
    ...messageStoreProviders,
    MessageLog,
    HistoryService,
    ConnectionRegistry,
    ChatDelivery,
    MembershipService,
    MessagingService,
    ModerationService,
    RoomAccess,
    MessageEditsService,
    ReadPositionsService,
    RoomsService,
    ClientBudgets,
    SessionRevocations,
    ChatMetrics,
    ChatLifecycle,
    ChatHealthIndicator,
    ChatGateway,
    AdminGateway,
  ],
  exports: [
    RoomsService,
    ChatHealthIndicator,
    ChatMetrics,
    CHAT_OPTIONS,
    CHAT_REDIS,
    CHAT_DATABASE,
  ],
})
export class ChatModule extends ConfigurableModuleClass {}
