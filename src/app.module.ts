import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { ChatModule } from './chat/index.js';
import {
  chatOptionsFrom,
  validateEnvironment,
  type Environment,
} from './config/environment.js';

/** The dev server: the chat module configured from the environment, with the demo page. */
@Module({
  imports: [
    ConfigModule.forRoot({ validate: validateEnvironment }),
    ChatModule.forRootAsync({
      demoPage: true,
      metrics: true,
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) =>
        chatOptionsFrom({
          CHAT_PATH: config.get('CHAT_PATH'),
          CHAT_CORS_ORIGINS: config.get('CHAT_CORS_ORIGINS'),
          CHAT_HISTORY_LIMIT: config.get('CHAT_HISTORY_LIMIT'),
          CHAT_MAX_TEXT: config.get('CHAT_MAX_TEXT'),
          CHAT_RATE_LIMIT: config.get('CHAT_RATE_LIMIT'),
          CHAT_RECOVERY_WINDOW_MS: config.get('CHAT_RECOVERY_WINDOW_MS'),
          ADMIN_TOKEN: config.get('ADMIN_TOKEN'),
          REDIS_URL: config.get('REDIS_URL'),
          CHAT_ADMIN_UI: config.get('CHAT_ADMIN_UI'),
          CHAT_ADMIN_UI_USERNAME: config.get('CHAT_ADMIN_UI_USERNAME'),
          CHAT_ADMIN_UI_PASSWORD_HASH: config.get(
            'CHAT_ADMIN_UI_PASSWORD_HASH',
          ),
        }),
    }),
  ],
})
export class AppModule {}
