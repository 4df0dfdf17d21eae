import 'reflect-metadata';
import { createApp } from './app.js';

const app = await createApp();
// Fastify listens on 127.0.0.1 unless told otherwise.
await app.listen(Number(process.env.PORT ?? 3000), '0.0.0.0');
