import { Module } from '@nestjs/common';
import { ChatGateway } from './chat.gateway.js';
import {
  CHAT_MODULE_OPTIONS,
  CHAT_OPTIONS,
  ConfigurableModuleClass,
  resolveChatOptions,
} from './chat.module-definition.js';
import type { ChatModuleOptions } from './chat-options.interface.js';
import { HealthController } from './health.controller.js';
import { RoomsService } from './rooms.service.js';
import { MemoryRoomsStore } from './store/memory-rooms.store.js';
import { RoomsStore } from './store/rooms-store.interface.js';

/**
 * The drop-in chat: `ChatModule.forRoot(options)` or
 * `ChatModule.forRootAsync({ imports, inject, useFactory })`, then
 * `app.useWebSocketAdapter(new ChatIoAdapter(app))` before `listen`.
 */
@Module({
  controllers: [HealthController],
  providers: [
    {
      provide: CHAT_OPTIONS,
      useFactory: resolveChatOptions,
      inject: [CHAT_MODULE_OPTIONS],
    },
    {
      provide: RoomsStore,
      useFactory: (options: ChatModuleOptions) =>
        options.store ?? new MemoryRoomsStore(),
      inject: [CHAT_MODULE_OPTIONS],
    },
    RoomsService,
    ChatGateway,
  ],
  exports: [RoomsService, CHAT_OPTIONS],
})
export class ChatModule extends ConfigurableModuleClass {}
