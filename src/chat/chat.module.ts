import { Module } from '@nestjs/common';
import { ChatGateway } from './chat.gateway.js';
import {
  CHAT_MODULE_OPTIONS,
  ConfigurableModuleClass,
} from './chat.module-definition.js';
import { CHAT_OPTIONS, resolveChatOptions } from './chat-options.js';
import type { ChatModuleOptions } from './chat-options.interface.js';
import { AdminGateway } from './admin/admin.gateway.js';
import { RoomsController } from './http/rooms.controller.js';
import { HealthController } from './http/health.controller.js';
import { RoomsService } from './rooms.service.js';
import { MemoryRoomsStore } from './store/memory-rooms.store.js';
import { RoomsStore } from './store/rooms-store.interface.js';

/**
 * The drop-in chat: `ChatModule.forRoot(options)` or
 * `ChatModule.forRootAsync({ imports, inject, useFactory })` (extras:
 * `isGlobal`, `demoPage`), then `useChat(app)` before `listen`.
 */
@Module({
  controllers: [HealthController, RoomsController],
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
    AdminGateway,
  ],
  exports: [RoomsService, CHAT_OPTIONS],
})
export class ChatModule extends ConfigurableModuleClass {}
