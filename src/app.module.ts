import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { ChatModule } from './chat/index.js';
import { DevSignInModule } from './dev/dev-sign-in.module.js';
import { validateEnvironment, type Environment } from './config/environment.js';
import {
  CHAT_ENV_KEYS,
  chatOptionsFrom,
  type ChatEnvironment,
} from './config/chat-environment.js';

/**
 * `CHAT_DEV_SIGN_IN=true` (with `CHAT_JWT_SECRET`, never in production):
 * the demo page signs in as any user it names.
 */
function devSignIn() {
  if (process.env.CHAT_DEV_SIGN_IN !== 'true') return [];
  const secret = process.env.CHAT_JWT_SECRET;
  if (!secret || process.env.NODE_ENV === 'production') {
    throw new Error(
      'CHAT_DEV_SIGN_IN: needs CHAT_JWT_SECRET, and is refused with NODE_ENV=production',
    );
  }
  return [DevSignInModule.forRoot(secret)];
}

/** The dev server: the chat module configured from the environment, with the demo page. */
@Module({
  imports: [
    ...devSignIn(),
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
