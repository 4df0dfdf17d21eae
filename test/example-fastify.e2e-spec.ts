import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createChatClient, type ChatClient } from '../src/client/index.js';
import { createApp } from '../examples/fastify/src/app.js';
import { until } from './support/harness.js';
import { http } from './support/http.js';

/** examples/fastify: the module on a Fastify host, HTTP and sockets. */
describe('examples/fastify', () => {
  let app: NestFastifyApplication;
  let url: string;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    process.env.ADMIN_TOKEN = 'fastify-token';
    app = await createApp();
    app.useLogger(false);
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await app.close();
    delete process.env.ADMIN_TOKEN;
  });

  it('serves health, the demo page, and the admin push to a socket client', async () => {
    expect((await http(`${url}/health`)).status).toBe(200);
    expect((await http(`${url}/`)).body).toContain('<title>Chat demo</title>');
    const reader = createChatClient(url, {
      nickname: 'reader',
      socket: { transports: ['websocket'] },
    });
    clients.push(reader);
    const texts: string[] = [];
    reader.on('message:new', (message) => texts.push(message.text));
    await reader.join('news');
    const pushed = await http(`${url}/api/rooms/news/messages`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer fastify-token',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ text: 'from Fastify' }),
    });
    expect(pushed.status).toBe(201);
    await until(() => texts.length === 1);
    expect(texts).toEqual(['from Fastify']);
  });
});
