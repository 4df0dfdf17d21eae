import { NestFactory } from '@nestjs/core';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { useChat } from 'nest-chat-module';
import { AppModule } from './app.module.js';

/** The app, ready to `listen`: the chat's adapter, CORS and admin check on Fastify as on Express. */
export async function createApp(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter(),
    { logger: ['error', 'warn', 'log'] },
  );
  app.enableShutdownHooks();
  useChat(app);
  return app;
}
