import {
  ChatHarness,
  requestOk,
  sendToRoom,
  until,
} from './support/harness.js';
import { answerCode } from './support/client-helpers.js';
import { OwnPostgres } from './support/own-postgres.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

/** PostgreSQL, which holds the outbox, stopped while events wait in it. */
(OwnPostgres.available ? describe : describe.skip)(
  'webhooks while PostgreSQL is away',
  () => {
    let postgres: OwnPostgres;
    let receiver: WebhookReceiver;
    let chat: ChatHarness;

    beforeEach(async () => {
      postgres = await OwnPostgres.started();
      receiver = await WebhookReceiver.start();
      chat = await ChatHarness.start({
        rateLimit: 0,
        database: { url: postgres.url },
        webhook: {
          url: receiver.url,
          secret: 'whsec_' + Buffer.from('outage key').toString('base64'),
          timeoutMs: 1000,
        },
      });
    }, 60_000);
    afterEach(async () => {
      await chat.close();
      await receiver.close();
      postgres.destroy();
    });

    it('loses no waiting event: sends answer UNAVAILABLE while it is away, and every acked message is sent once it is back', async () => {
      receiver.fallback = { status: 503 }; // the receiver is failing too
      const { client } = await chat.connect('ann');
      await requestOk(client, 'room:join', { room: 'lobby' });
      const acked = ['a', 'b', 'c'];
      for (const text of acked) await sendToRoom(client, 'lobby', text);
      await receiver.waitForRequests(3);

      postgres.stop();
      expect(
        await answerCode(client, 'message:send', { room: 'lobby', text: 'x' }),
      ).toBe('UNAVAILABLE');
      receiver.fallback = { status: 204 };
      await new Promise((resolve) => setTimeout(resolve, 3000)); // retries fall due meanwhile
      expect(client.connected).toBe(true);

      postgres.start();
      await until(async () => {
        const delivered = receiver.received.filter(
          (r) => typeof r.answer === 'object' && r.answer.status === 204,
        );
        return acked.every((text) =>
          delivered.some((r) => r.event.message.text === text),
        );
      }, 20_000);
      expect(receiver.texts().has('x')).toBe(false);
    }, 60_000);
  },
);
