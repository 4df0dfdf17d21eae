import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { useChat } from 'nest-chat-module';
import { AppModule } from './app.module.js';

const app = await NestFactory.create(AppModule);
useChat(app);
app.enableShutdownHooks([], { useProcessExit: true });
await app.listen(Number(process.env.PORT ?? 3000));
