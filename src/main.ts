import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { ADMIN_NAMESPACE, CHAT_NAMESPACE, useChat } from './chat/index.js';
import { redactUrl } from './chat/stores/redis/redis-connection.js';
import {
  logLevelsUpTo,
  validateEnvironment,
  type Environment,
} from './config/environment.js';

const logger = new Logger('Bootstrap');

async function bootstrap() {
  // Read once before the app exists, so the logger is configured from the first line.
  const env = validateEnvironment(process.env);
  // Logs wait until the app exists: a failed start prints one line (below),
  // not Nest's stack trace of the provider that failed.
  const app = await NestFactory.create(AppModule, {
    logger: new ConsoleLogger({
      json: env.LOG_FORMAT === 'json',
      logLevels: logLevelsUpTo(env.LOG_LEVEL),
    }),
    bufferLogs: true,
    autoFlushLogs: false,
    abortOnError: false,
  });
  app.flushLogs();
  const chat = useChat(app);
  // Exit 0 once closed, rather than re-raising the signal.
  app.enableShutdownHooks([], { useProcessExit: true });

  const config = app.get(ConfigService<Environment, true>);
  const port = config.get('PORT', { infer: true });
  const host = config.get('HOST', { infer: true });
  await (host ? app.listen(port, host) : app.listen(port));
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  const admin = chat.adminToken
    ? ADMIN_NAMESPACE
    : `${ADMIN_NAMESPACE} (refusing everyone: ADMIN_TOKEN unset)`;
  const store = chat.redis ? `redis ${redactUrl(chat.redis.url)}` : 'memory';
  const history = chat.database
    ? `postgres ${redactUrl(chat.database.url)}`
    : store;
  // With the dev sign-in the page signs in as the name typed (a JWT per user).
  const demo =
    process.env.CHAT_DEV_SIGN_IN === 'true' ? `${url}/?signIn=dev` : `${url}/`;
  logger.log(
    `Chat listening on ${url} (Socket.IO path ${chat.path}, namespaces ${CHAT_NAMESPACE} ${admin}, store ${store}, history ${history}, demo page ${demo})`,
  );
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  // The module's own start errors name its options; the variable behind them here:
  const variable = message.startsWith('Redis at')
    ? 'REDIS_URL: '
    : message.startsWith('PostgreSQL')
      ? 'DATABASE_URL: '
      : '';
  Logger.detachBuffer(); // the buffered start-up lines (a stack among them) are dropped
  logger.error(`Could not start: ${variable}${message}`);
  process.exit(1);
});
