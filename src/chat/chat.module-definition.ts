import { ConfigurableModuleBuilder } from '@nestjs/common';
import type {
  ChatModuleOptions,
  ResolvedChatOptions,
} from './chat-options.interface.js';
import { DEFAULTS } from './chat.constants.js';

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: CHAT_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ChatModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** Token of the options with every default applied. */
export const CHAT_OPTIONS = Symbol('CHAT_OPTIONS');

export function resolveChatOptions(
  options: ChatModuleOptions,
): ResolvedChatOptions {
  return {
    corsOrigins: options.corsOrigins ?? [...DEFAULTS.corsOrigins],
    path: options.path ?? DEFAULTS.path,
    pingIntervalMs: options.pingIntervalMs ?? DEFAULTS.pingIntervalMs,
    pingTimeoutMs: options.pingTimeoutMs ?? DEFAULTS.pingTimeoutMs,
    historyLimit: options.historyLimit ?? DEFAULTS.historyLimit,
    maxTextLength: options.maxTextLength ?? DEFAULTS.maxTextLength,
    rateLimit: options.rateLimit ?? DEFAULTS.rateLimit,
    rateLimitWindowMs: options.rateLimitWindowMs ?? DEFAULTS.rateLimitWindowMs,
    maxRoomsPerSocket: options.maxRoomsPerSocket ?? DEFAULTS.maxRoomsPerSocket,
    authenticate: options.authenticate,
  };
}
