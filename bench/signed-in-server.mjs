// The chat module alone for `--inbox`: signed-in users (HS256 with
// CHAT_JWT_SECRET), room limit and budgets raised for the seed, history in
// PostgreSQL when DATABASE_URL is set, else in memory. Prints its URL.
import { NestFactory } from '@nestjs/core';
import { ChatModule, useChat } from '../dist/index.js';

const database = process.env.DATABASE_URL;
const app = await NestFactory.create(
  ChatModule.forRoot({
    jwt: { secret: process.env.CHAT_JWT_SECRET },
    maxRoomsPerSocket: 2000,
    historyLimit: 100,
    rateLimit: 0,
    eventRateLimit: 0,
    ...(database ? { database: { url: database } } : {}),
  }),
  { logger: ['warn', 'error'] },
);
useChat(app);
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.stdout.write(`${await app.getUrl()}\n`);
