import { Controller, Get, type INestApplication } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  TerminusModule,
} from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { ChatHealthIndicator, ChatModule, useChat } from '../src/index.js';
import { ChatHarness, until } from './support/harness.js';
import { freePort, http } from './support/http.js';
import { hasRedisServer, OwnRedis } from './support/own-redis.js';
import { describeWithRedis } from './support/redis.js';

/** A host's own terminus health endpoint, including the chat. */
@Controller('status')
class HostHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly chat: ChatHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.chat.check('chat')]);
  }
}

describe('GET /health and /health/live', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  it('answer 200 { status: "ok" } while nothing the chat needs is down', async () => {
    chat = await ChatHarness.start();
    for (const path of ['/health', '/health/live']) {
      const response = await http(`${chat.url}${path}`);
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
    }
  });
});

(hasRedisServer ? describeWithRedis : describe.skip)(
  'ChatHealthIndicator in a host’s @nestjs/terminus check',
  () => {
    let redis: OwnRedis;
    let app: INestApplication;

    beforeEach(async () => {
      redis = new OwnRedis(await freePort());
      await redis.start();
      const moduleRef = await Test.createTestingModule({
        imports: [
          TerminusModule.forRoot({ logger: false }),
          ChatModule.forRoot({ redis: { url: redis.url } }),
        ],
        controllers: [HostHealthController],
      }).compile();
      app = moduleRef.createNestApplication({ logger: false });
      useChat(app);
      await app.listen(0, '127.0.0.1');
    });
    afterEach(async () => {
      await app.close();
      await redis.stop();
    });

    it('reports Redis and the connection count, and fails the check with 503 while Redis is down', async () => {
      const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const up = await http(`${url}/status`);
      expect(up.status).toBe(200);
      expect(JSON.parse(up.body)).toMatchObject({
        status: 'ok',
        details: { chat: { status: 'up', redis: 'up', connections: 0 } },
      });
      await redis.stop();
      const down = await http(`${url}/status`);
      expect(down.status).toBe(503);
      expect(JSON.parse(down.body)).toMatchObject({
        status: 'error',
        error: { chat: { status: 'down', redis: 'down' } },
      });
      await redis.start();
      await until(
        async () => (await http(`${url}/status`)).status === 200,
        10_000,
      );
    }, 30_000);
  },
);
