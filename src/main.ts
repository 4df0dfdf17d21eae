import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { ADMIN_NAMESPACE, CHAT_NAMESPACE, useChat } from './chat/index.js';
import type { Environment } from './config/environment.js';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  const chat = useChat(app);
  app.enableShutdownHooks();

  const port = app.get(ConfigService<Environment, true>).get('PORT', {
    infer: true,
  });
  await app.listen(port);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  new Logger('Bootstrap').log(
    `Chat listening on ${url} (Socket.IO path ${chat.path}, namespaces ${CHAT_NAMESPACE} ${ADMIN_NAMESPACE}${chat.adminToken ? '' : ' [disabled: ADMIN_TOKEN unset]'}, store memory, demo page ${url}/)`,
  );
}

void bootstrap();
