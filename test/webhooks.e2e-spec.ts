import { Webhook } from 'standardwebhooks';
import type { Message, MessageNewWebhook } from '../src/index.js';
import {
  byUserName,
  ChatHarness,
  sendToRoom,
  requestOk,
  until,
  within,
} from './support/harness.js';
import { freePort } from './support/http.js';
import { STORE_MODES, type StoreMode } from './support/store-modes.js';
import { WebhookReceiver } from './support/webhook-receiver.js';
import { LogLines } from './support/log-lines.js';

/** A Standard Webhooks secret as their libraries print them. */
const SECRET = `whsec_${Buffer.from('a webhook key of 32 bytes, random').toString('base64')}`;

const verify = (
  secret: string | Uint8Array,
  request: { body: string; headers: Record<string, string> },
) =>
  (typeof secret === 'string'
    ? new Webhook(secret)
    : new Webhook(secret, { format: 'raw' })
  ).verify(request.body, request.headers) as MessageNewWebhook;

describe.each(STORE_MODES)('webhooks (%s)', (_name, describeMode, openMode) => {
  describeMode('each accepted room message', () => {
    let mode: StoreMode;
    let chat: ChatHarness;
    let receiver: WebhookReceiver;

    beforeEach(async () => {
      mode = await openMode();
      receiver = await WebhookReceiver.start();
      chat = await ChatHarness.start({
        ...mode.options,
        authenticate: byUserName,
        rateLimit: 0,
        webhook: { url: receiver.url, secret: SECRET, timeoutMs: 1000 },
      });
    });
    afterEach(async () => {
      await chat.close();
      await receiver.close();
      await mode.close();
    });

    it('is POSTed signed as Standard Webhooks says, with the offline members, retried with the same webhook-id, never delaying the ack', async () => {
      const { client: ann } = await chat.connectWith({ user: 'ann' });
      const { client: bob } = await chat.connectWith({ user: 'bob' });
      const { client: cat } = await chat.connectWith({ user: 'cat' });
      for (const client of [ann, bob, cat]) {
        await requestOk(client, 'room:join', { room: 'team' });
      }
      bob.disconnect(); // still a member, now offline
      await until(async () => {
        const { members } = await requestOk<{
          members: { userId: string; online: boolean }[];
        }>(cat, 'room:join', { room: 'team' });
        return members.some((m) => m.userId === 'bob' && !m.online);
      });
      receiver.answers = ['hang']; // the first attempt gets no answer
      const sent: Message = await within(
        sendToRoom(ann, 'team', 'hello'),
        1500,
      );
      const [first, second] = await receiver.waitForRequests(2, 8000);
      expect(first.headers['webhook-id']).toBe(second.headers['webhook-id']);
      expect(first.headers['webhook-id']).toMatch(/^msg_[\w-]+$/);
      for (const request of [first, second]) {
        expect(Number(request.headers['webhook-timestamp'])).toBeCloseTo(
          Math.floor(request.at / 1000),
          -1,
        );
        const event = verify(SECRET, request);
        expect(event).toEqual({
          type: 'message.new',
          message: sent,
          offline: ['bob'],
        });
      }
      expect(second.at - first.at).toBeGreaterThanOrEqual(1000); // the timeout, then a backoff
      expect(() =>
        verify(
          `whsec_${Buffer.from('another key').toString('base64')}`,
          second,
        ),
      ).toThrow();
    }, 15_000);
  });
});

describe('webhooks: what the receiver answers (memory)', () => {
  let chat: ChatHarness | null = null;
  const receivers: WebhookReceiver[] = [];

  async function start(
    webhook: Partial<{
      url: string;
      secret: string;
      timeoutMs: number;
      maxPending: number;
    }> = {},
  ) {
    const receiver = await WebhookReceiver.start();
    receivers.push(receiver);
    chat = await ChatHarness.start({
      rateLimit: 0,
      webhook: { url: receiver.url, secret: SECRET, ...webhook },
    });
    const { client } = await chat.connect('ann');
    await requestOk(client, 'room:join', { room: 'lobby' });
    return { receiver, client, chat };
  }

  afterEach(async () => {
    await chat?.close();
    chat = null;
    for (const receiver of receivers.splice(0)) await receiver.close();
  });

  it('retries a 500 with backoff and stops at the first 2xx', async () => {
    const { receiver, client } = await start();
    receiver.answers = [{ status: 500 }];
    await sendToRoom(client, 'lobby', 'once');
    const [first, second] = await receiver.waitForRequests(2, 5000);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.at - first.at).toBeGreaterThanOrEqual(900);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(2);
    expect(await chat!.metric('chat_webhook_attempts_total')).toBe(2);
  });

  it("waits at least a 429's Retry-After", async () => {
    const { receiver, client } = await start();
    receiver.answers = [{ status: 429, headers: { 'retry-after': '3' } }];
    await sendToRoom(client, 'lobby', 'later');
    const [first, second] = await receiver.waitForRequests(2, 8000);
    expect(second.at - first.at).toBeGreaterThanOrEqual(2900);
  }, 12_000);

  it('a receiver that closes the connection mid-request is tried again', async () => {
    const { receiver, client } = await start();
    receiver.answers = ['destroy'];
    await sendToRoom(client, 'lobby', 'cut');
    const [first, second] = await receiver.waitForRequests(2, 5000);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
  });

  it('follows no redirect: a 307 is a failure, tried again at the same URL', async () => {
    const elsewhere = await WebhookReceiver.start();
    receivers.push(elsewhere);
    const { receiver, client } = await start();
    receiver.answers = [{ status: 307, headers: { location: elsewhere.url } }];
    await sendToRoom(client, 'lobby', 'moved');
    await receiver.waitForRequests(2, 5000);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('stops sending to an endpoint that answers 410 Gone', async () => {
    const { receiver, client } = await start();
    receiver.answers = [{ status: 410 }];
    await sendToRoom(client, 'lobby', 'first');
    await receiver.waitForRequests(1);
    await until(
      async () => (await chat!.metric('chat_webhook_attempts_total')) === 1,
    );
    await sendToRoom(client, 'lobby', 'second');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.received).toHaveLength(1);
  });

  it('keeps its connections alive: many events, one or two connections', async () => {
    const { receiver, client } = await start();
    for (let i = 0; i < 20; i++) await sendToRoom(client, 'lobby', `m${i}`);
    await receiver.waitForRequests(20);
    expect(receiver.connections).toBeLessThanOrEqual(2);
    expect(receiver.eventIds.size).toBe(20);
  });

  it('a URL to a closed port: sends are acked, attempts fail and are counted, the waiting events stay bounded', async () => {
    const port = await freePort();
    const { client } = await start({
      url: `http://127.0.0.1:${port}/hooks`,
      maxPending: 3,
    });
    for (let i = 0; i < 8; i++)
      await within(sendToRoom(client, 'lobby', `m${i}`), 1000);
    await until(
      async () => (await chat!.metric('chat_webhook_dropped_total')) >= 5,
      3000,
    );
    expect(await chat!.metric('chat_webhook_waiting')).toBeLessThanOrEqual(3);
    expect(
      await chat!.metric('chat_webhook_attempts_total'),
    ).toBeGreaterThanOrEqual(1);
  });

  it('logs failing attempts and dropped events once a minute, not once per event', async () => {
    const logger = new LogLines();
    const receiver = await WebhookReceiver.start();
    receivers.push(receiver);
    receiver.fallback = { status: 500 };
    chat = await ChatHarness.start(
      {
        rateLimit: 0,
        webhook: { url: receiver.url, secret: SECRET, maxPending: 2 },
      },
      { logger },
    );
    const { client } = await chat.connect('ann');
    await requestOk(client, 'room:join', { room: 'lobby' });
    for (let i = 0; i < 30; i++) await sendToRoom(client, 'lobby', `m${i}`);
    await until(
      async () => (await chat!.metric('chat_webhook_dropped_total')) >= 10,
    );
    await receiver.waitForRequests(16);
    expect(logger.matching('warn', 'are failing')).toHaveLength(1);
    expect(logger.matching('warn', 'dropped')).toHaveLength(1);
    expect(logger.matching('log', 'Webhooks: POST to')).toEqual([
      `[ChatWebhooks] Webhooks: POST to ${receiver.url}, events in memory (at most 2 waiting)`,
    ]);
    expect(logger.levels).not.toContain('error');
  });

  it('a secret that is the UTF-8 key itself (no whsec_ prefix) signs with its bytes', async () => {
    const { receiver, client } = await start({
      secret: 'plain-text-key-for-this-test',
    });
    await sendToRoom(client, 'lobby', 'plain');
    const [request] = await receiver.waitForRequests(1);
    expect(
      verify(new TextEncoder().encode('plain-text-key-for-this-test'), request)
        .message.text,
    ).toBe('plain');
  });

  it('refuses a whsec_ secret that is not base64 at start, naming the option, never printing it', async () => {
    const start = ChatHarness.start({
      webhook: { url: 'http://127.0.0.1:9/x', secret: 'whsec_not*base64!' },
    });
    await expect(start).rejects.toThrow(
      'ChatModule option webhook.secret must be base64 after "whsec_"',
    );
    await expect(start).rejects.not.toThrow('not*base64');
    await expect(
      ChatHarness.start({ webhook: { url: 'ftp://x/y', secret: 'k' } }),
    ).rejects.toThrow('webhook.url must be an http(s) URL');
  });
});
