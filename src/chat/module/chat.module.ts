import { Module } from '@nestjs/common';
import { AdminGateway } from '../gateways/admin.gateway.js';
import { ChatGateway } from '../gateways/chat.gateway.js';
import { ClientBudgets } from '../limits/client-budgets.js';
import { ChatMetrics } from '../metrics/chat-metrics.js';
import { ChatHealthIndicator } from '../services/chat-health.indicator.js';
import { ConnectionRegistry } from '../services/connection-registry.js';
import { ChatDelivery } from '../services/delivery.js';
import { HistoryService } from '../services/history.service.js';
import { MembershipService } from '../services/membership.service.js';
import { MembersService } from '../services/members.service.js';
import { ConnectionsService } from '../services/connections.service.js';
import { RoomSockets } from '../services/room-sockets.js';
import { ReplyQuotes } from '../services/reply-quotes.js';
import { ReactionsService } from '../services/reactions.service.js';
import { PresenceService } from '../services/presence.service.js';
import { InboxService } from '../services/inbox.service.js';
import { DirectRoomsService } from '../services/direct-rooms.service.js';
import { MessageEditsService } from '../services/message-edits.service.js';
import { MessageLog } from '../services/message-log.js';
import { MessagingService } from '../services/messaging.service.js';
import { ModerationService } from '../services/moderation.service.js';
import { ReadPositionsService } from '../services/read-positions.service.js';
import { RoomAccess } from '../services/room-access.js';
import { RoomsService } from '../services/rooms.service.js';
import { SessionRefreshService } from '../services/session-refresh.service.js';
import { SearchService } from '../services/search.service.js';
import { FastPath } from '../transport/fast-path/fast-path.js';
import { ChatEvents } from '../notifications/chat-events.js';
import { OfflineMembers } from '../notifications/offline-members.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { HostTransactions } from '../services/host-transactions.js';
import { SessionRevocations } from '../transport/session-revocations.js';
import { ChatLifecycle } from './chat.lifecycle.js';
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
import { storeProviders } from './store.providers.js';

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
    ...storeProviders,
    MessageLog,
    HistoryService,
    ConnectionRegistry,
    ChatDelivery,
    MembershipService,
    MembersService,
    ConnectionsService,
    RoomSockets,
    ReplyQuotes,
    ReactionsService,
    PresenceService,
    InboxService,
    DirectRoomsService,
    MessagingService,
    ModerationService,
    RoomAccess,
    MessageEditsService,
    ReadPositionsService,
    RoomsService,
    SessionRefreshService,
    SearchService,
    ChatEvents,
    OfflineMembers,
    NotificationsService,
    HostTransactions,
    ClientBudgets,
    SessionRevocations,
    ChatMetrics,
    ChatLifecycle,
    ChatHealthIndicator,
    FastPath,
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
