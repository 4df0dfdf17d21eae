import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { ChatModule } from './chat/index.js';
import {
  CHAT_ENV_KEYS,
  chatOptionsFrom,
  type ChatEnvironment,
  validateEnvironment,
  type Environment,
} from './config/environment.js';

/** The dev server: the chat module configured from the environment, with the demo page. */
@Module({
  imports: [
    ConfigModule.forRoot({ validate: validateEnvironment }),
    ChatModule.forRootAsync({
      http: true,
      demoPage: true,
      metrics: true,
      docs: true,
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) =>
        chatOptionsFrom(
          Object.fromEntries(
            CHAT_ENV_KEYS.map((key) => [key, config.get(key)]),
          ) as ChatEnvironment,
        ),
    }),
  ],
})
export class AppModule {}
