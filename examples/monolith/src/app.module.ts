import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { ChatModule } from 'nest-chat-module';
import { AuthModule } from './auth/auth.module.js';
import { SessionTokens } from './auth/session-tokens.js';
import { PostsModule } from './posts/posts.module.js';

/** A host monolith: its own posts API and sessions, with the chat dropped in. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    AuthModule,
    ChatModule.forRootAsync({
      isGlobal: true,
      imports: [ConfigModule, AuthModule],
      inject: [ConfigService, SessionTokens],
      useFactory: (config: ConfigService, tokens: SessionTokens) => ({
        corsOrigins: config
          .get<string>('CHAT_CORS_ORIGINS', 'http://localhost:3000')
          .split(','),
        redis: config.get<string>('REDIS_URL')
          ? { url: config.get<string>('REDIS_URL')! }
          : undefined,
        // The host's sessions decide who chats: no valid token, no socket.
        authenticate: ({ auth }) =>
          tokens.verify((auth as { token?: unknown }).token),
      }),
    }),
    PostsModule,
  ],
})
export class AppModule {}
