export * from './chat.module.js';
export { ChatIoAdapter } from './transport/chat-io.adapter.js';
export { useChat } from './setup.js';
export { originPolicy } from './transport/cors.js';
export { HandshakeRefusal } from './transport/handshake.js';
export { RoomsService } from './rooms.service.js';
export {
  ChatHealthIndicator,
  type ChatHealthDetails,
  type ChatHealthResult,
  type DependencyStatus,
} from './health/chat-health.indicator.js';
export { CHAT_OPTIONS, CHAT_REDIS } from './chat-options.js';
export {
  RedisRoomsStore,
  type RedisRoomsStoreOptions,
} from './store/redis-rooms.store.js';
export type { ChatRedisOptions } from './redis/redis-connection.js';
export type * from './chat-options.interface.js';
export { RoomsStore } from './store/rooms-store.interface.js';
export { MemoryRoomsStore } from './store/memory-rooms.store.js';
export {
  MessageStore,
  type AppendOutcome,
  type HistoryQuery,
  type HistorySlice,
  type MessageDraft,
} from './store/message-store.interface.js';
export {
  MemoryMessageStore,
  type LiveRooms,
} from './store/memory-message.store.js';
export type { ChatDatabaseOptions } from './store/postgres/postgres-connection.js';
export type { HistoryRequest } from './rooms/history.service.js';
export type {
  ChatRoomPolicy,
  PolicyAnswer,
} from './policy/room-policy.interface.js';
export {
  ModerationStore,
  type Moderation,
  type ModerationKind,
} from './store/moderation-store.interface.js';
export type {
  ChangeOutcome,
  MessageChange,
  ReadState,
} from './store/message-store.interface.js';
export type { PublishOptions } from './rooms/messaging.service.js';
export { CHAT_DATABASE } from './chat-options.js';
export * from './contract/events.js';
export * from './contract/error-code.enum.js';
export {
  CHAT_NAMESPACE,
  ADMIN_NAMESPACE,
  SYSTEM_MEMBER,
  ROOM_NAME_PATTERN,
} from './chat.constants.js';
export { ChatMetrics, type MessageKind } from './metrics/chat-metrics.js';
