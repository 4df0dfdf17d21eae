// The package's public API, by role. Everything here is in README.md
// ("What the package exports"); everything else is internal.

// The module and how an app installs it.
export { ChatModule } from './module/chat.module.js';
export { useChat } from './module/setup.js';
export { ChatIoAdapter } from './transport/chat-io.adapter.js';
export type {
  AuthenticatedUser,
  ChatAuthenticator,
  ChatHandshake,
  ChatJwtOptions,
  ChatModuleOptions,
} from './module/chat-options.interface.js';
export type { ChatRedisOptions } from './stores/redis/redis-connection.js';
export type { ChatDatabaseOptions } from './stores/postgres/postgres-connection.js';

// The facade a host's services inject, and what its calls take.
export { RoomsService } from './services/rooms.service.js';
export type { PublishOptions } from './services/message-draft.js';
export type { HistoryRequest } from './services/history.service.js';
export type { TransactionClient } from './services/host-transactions.js';
export type { ChatEvent, ChatEventType } from './notifications/chat-event.js';
export type { ChatWebhookOptions } from './notifications/webhook-endpoint.js';

// The host's identity and access rules.
export { HandshakeRefusal } from './transport/handshake.js';
export type {
  ChatRoomPolicy,
  PolicyAnswer,
} from './services/room-policy.interface.js';

// Operations: health for @nestjs/terminus, the Prometheus registry, and the
// module's own Redis client and PostgreSQL pool (`null` without the option).
export {
  ChatHealthIndicator,
  type ChatHealthDetails,
  type ChatHealthResult,
  type DependencyStatus,
} from './services/chat-health.indicator.js';
export { ChatMetrics } from './metrics/chat-metrics.js';
export { CHAT_DATABASE, CHAT_REDIS } from './module/chat-options.js';

// Stores, for a host that brings its own (`store`, `messageStore`): each an
// interface and the injection token of the same name, and the shipped ones.
export {
  RoomsStore,
  type LiveRooms,
  type RoomPage,
  type RoomsStoreEvents,
} from './stores/rooms-store.interface.js';
export {
  MessageStore,
  type AppendOutcome,
  type ChangeOutcome,
  type HistoryQuery,
  type HistorySlice,
  type MessageChange,
  type MessageDraft,
  type ReadState,
} from './stores/message-store.interface.js';
export {
  ModerationStore,
  type Moderation,
  type ModerationKind,
} from './stores/moderation-store.interface.js';
export { MemoryRoomsStore } from './stores/memory/memory-rooms.store.js';
export { MemoryMessageStore } from './stores/memory/memory-message.store.js';
export {
  RedisRoomsStore,
  type RedisRoomsStoreOptions,
} from './stores/redis/redis-rooms.store.js';

// The wire contract: event maps, payloads, error codes, names and patterns.
export * from './contract/index.js';
export {
  ADMIN_NAMESPACE,
  CHAT_NAMESPACE,
  ROOM_NAME_PATTERN,
  SYSTEM_MEMBER,
} from './module/chat.constants.js';
