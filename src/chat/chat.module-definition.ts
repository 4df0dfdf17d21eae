import { ConfigurableModuleBuilder } from '@nestjs/common';
import { DemoPageController } from './http/demo-page.controller.js';
import { MetricsController } from './http/metrics.controller.js';
import type { ChatModuleOptions } from './chat-options.interface.js';

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: CHAT_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ChatModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras(
    { isGlobal: false, demoPage: false, metrics: false },
    (definition, extras) => ({
      ...definition,
      global: extras.isGlobal,
      controllers: [
        ...(definition.controllers ?? []),
        ...(extras.demoPage ? [DemoPageController] : []),
        ...(extras.metrics ? [MetricsController] : []),
      ],
    }),
  )
  .build();
