import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { ChatModule } from 'nest-chat-module';
import { AuthModule } from './auth/auth.module.js';
import { SessionTokens } from './auth/session-tokens.js';
import { PostRoomPolicy } from './posts/post-room.policy.js';
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
        // Durable comments: without it, a room's first message is kept only
        // while someone is in the room.
        database: config.get<string>('DATABASE_URL')
          ? { url: config.get<string>('DATABASE_URL')! }
          : undefined,
        // The host's sessions decide who chats: no valid token, no socket.
        authenticate: ({ auth }) =>
          tokens.verify((auth as { token?: unknown }).token),
        // Who may open which post's comments: the host's own rules.
        policy: PostRoomPolicy,
      }),
    }),
    PostsModule,
  ],
})
export class AppModule {}
