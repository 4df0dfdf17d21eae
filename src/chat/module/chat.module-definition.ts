import { ConfigurableModuleBuilder } from '@nestjs/common';
import { AsyncApiController } from '../http/asyncapi.controller.js';
import { DemoPageController } from '../http/demo-page.controller.js';
import { MetricsController } from '../http/metrics.controller.js';
import { HealthController } from '../http/health.controller.js';
import { RoomsController } from '../http/rooms.controller.js';
import type { ChatModuleOptions } from './chat-options.interface.js';
import { CHAT_EXTRAS } from './chat-options.js';

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: CHAT_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ChatModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras(
    {
      isGlobal: false,
      demoPage: false,
      metrics: false,
      http: false,
      docs: false,
    },
    (definition, extras) => ({
      ...definition,
      global: extras.isGlobal,
      controllers: [
        ...(definition.controllers ?? []),
        ...(extras.http ? [HealthController, RoomsController] : []),
        ...(extras.demoPage ? [DemoPageController] : []),
        ...(extras.metrics ? [MetricsController] : []),
        ...(extras.docs ? [AsyncApiController] : []),
      ],
      providers: [
        ...(definition.providers ?? []),
        { provide: CHAT_EXTRAS, useValue: extras },
      ],
    }),
  )
  .build();
