import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import {
  CHAT_REDIS,
  ChatModule,
  ErrorCode,
  type ChatModuleOptions,
  type Message,
  type RoomListResult,
} from '../src/index.js';
import {
  ChatHarness,
  collect,
  request,
  requestOk,
  settle,
  until,
  waitFor,
} from './support/harness.js';
import { freePort, http } from './support/http.js';
import { describeWithRedis } from './support/redis.js';
import { hasRedisServer, OwnRedis } from './support/own-redis.js';

(hasRedisServer ? describeWithRedis : describe.skip)(
  'Redis lost while running',
  () => {
    let redis: OwnRedis;
    let a: ChatHarness;
    let b: ChatHarness;

    beforeEach(async () => {
      redis = new OwnRedis(await freePort());
      await redis.start();
      const options: ChatModuleOptions = {
        rateLimit: 0,
        redis: {
          url: redis.url,
          keyPrefix: 'outage:',
          heartbeatMs: 300,
          instanceTtlMs: 1500,
        },
      };
      a = await ChatHarness.start(options);
      b = await ChatHarness.start(options);
    });
    afterEach(async () => {
      await a.close();
      await b.close();
      await redis.stop();
    });

    it('keeps serving local clients, then re-registers and resumes cross-instance delivery', async () => {
      const alice = await a.connect('alice');
      const carol = await a.connect('carol');
      const bob = await b.connect('bob');
      for (const { client } of [alice, carol, bob]) {
        await requestOk(client, 'room:join', { room: 'lobby' });
      }

      await redis.stop();
      await until(() => a.app.get<Redis>(CHAT_REDIS).status !== 'ready', 5000);

      // Redis holds the history and its seqs: a send answers UNAVAILABLE
      // (nothing stored, nothing delivered) instead of a message it could
      // not number; typing and presence carry on locally.
      const toCarol = collect(carol.client, 'message:new');
      const refused = await request(alice.client, 'message:send', {
        room: 'lobby',
        text: 'during the outage',
        clientMessageId: 'retry-me',
      });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: ErrorCode.Unavailable },
      });
      const typing = waitFor(carol.client, 'typing');
      await requestOk(alice.client, 'typing', { room: 'lobby', typing: true });
      await typing;
      // Readiness names what is down; liveness still answers.
      const health = await http(`${a.url}/health`);
      expect(health.status).toBe(503);
      expect(JSON.parse(health.body)).toEqual({
        status: 'error',
        error: { redis: 'down' },
      });
      expect((await http(`${a.url}/health/live`)).status).toBe(200);

      // Redis comes back empty: each instance registers its sockets again.
      await redis.start();
      await until(
        async () => (await http(`${a.url}/health`)).status === 200,
        10_000,
      );
      await until(async () => {
        try {
          const { rooms } = await requestOk<{
            rooms: { room: string; members: number }[];
          }>(alice.client, 'room:list');
          return rooms.length === 1 && rooms[0].members === 3;
        } catch {
          return false;
        }
      }, 30_000);

      // The retry with the same clientMessageId now goes through, once.
      const { message } = await requestOk<{ message: Message }>(
        alice.client,
        'message:send',
        {
          room: 'lobby',
          text: 'during the outage',
          clientMessageId: 'retry-me',
        },
      );
      const history = await requestOk<{ messages: Message[] }>(
        bob.client,
        'room:history',
        { room: 'lobby' },
      );
      expect(history.messages).toEqual([message]);
      await settle(carol.client);
      expect(toCarol).toEqual([message]);

      // Cross-instance delivery resumes.
      const bobGets = collect(bob.client, 'message:new');
      await until(async () => {
        await requestOk(alice.client, 'message:send', {
          room: 'lobby',
          text: 'are you there?',
        });
        await settle(bob.client);
        return bobGets.length > 0;
      }, 30_000);
      expect(bobGets[0].text).toBe('are you there?');
    }, 60_000);
  },
);

(hasRedisServer ? describeWithRedis : describe.skip)(
  'Redis lost and back with its data',
  () => {
    let dir: string;
    let redis: OwnRedis;
    let a: ChatHarness;
    let b: ChatHarness;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'chat-redis-'));
      redis = new OwnRedis(await freePort(), dir);
      await redis.start();
      const options: ChatModuleOptions = {
        rateLimit: 0,
        redis: { url: redis.url, keyPrefix: 'back:', heartbeatMs: 300 },
      };
      a = await ChatHarness.start(options, { metrics: true });
      b = await ChatHarness.start(options);
    });
    afterEach(async () => {
      await a.close();
      await b.close();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('answers /metrics meanwhile, and removes who left during the outage once Redis is back', async () => {
      const alice = await a.connect('alice');
      const dave = await a.connect('dave');
      const bob = await b.connect('bob');
      for (const { client } of [alice, dave, bob]) {
        await requestOk(client, 'room:join', { room: 'lobby' });
      }
      await redis.stop();
      await until(() => a.app.get<Redis>(CHAT_REDIS).status !== 'ready', 5000);

      dave.client.disconnect();
      await until(() => a.localConnections === 1);
      const metrics = await http(`${a.url}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.body).toContain('chat_redis_up 0');

      await redis.start();
      const members = async () => {
        try {
          const { rooms } = await requestOk<RoomListResult>(
            bob.client,
            'room:list',
          );
          return rooms[0]?.members;
        } catch {
          return undefined;
        }
      };
      await until(async () => (await members()) === 2, 15_000);
      expect((await a.rooms.stats()).connections).toBe(2);
    }, 40_000);
  },
);

describe('Redis missing at start', () => {
  it('fails the start with a clear error after a bounded number of attempts', async () => {
    const port = await freePort();
    const started = Date.now();
    const compile = Test.createTestingModule({
      imports: [
        ChatModule.forRoot({
          redis: { url: `redis://127.0.0.1:${port}`, startAttempts: 3 },
        }),
      ],
    }).compile();
    await expect(compile).rejects.toThrow(
      `Redis at redis://127.0.0.1:${port} did not answer after 3 attempts`,
    );
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
