import pg from 'pg';
import {
  ChatHarness,
  collect,
  requestOk,
  sendToRoom,
  until,
} from './support/harness.js';
import { freePort } from './support/http.js';
import { describeWithPostgres, TestDatabase } from './support/postgres.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const SECRET = 'whsec_' + Buffer.from('durable webhook key').toString('base64');

describeWithPostgres('webhooks with PostgreSQL (the outbox)', () => {
  let database: TestDatabase;
  const apps: ChatHarness[] = [];
  const receivers: WebhookReceiver[] = [];

  beforeEach(async () => {
    database = await TestDatabase.create();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const receiver of receivers.splice(0)) await receiver.close();
    await database.drop();
  });

  async function startApp(url: string) {
    const app = await ChatHarness.start({
      database: { url: database.url },
      rateLimit: 0,
      webhook: { url, secret: SECRET, timeoutMs: 1000 },
    });
    apps.push(app);
    return app;
  }

  async function receiverOn(port = 0) {
    const receiver = await WebhookReceiver.start(port);
    receivers.push(receiver);
    return receiver;
  }

  it('an event waits in the outbox while the receiver is down, survives the instance, and is sent once it is back', async () => {
    const port = await freePort(); // nothing listens there yet
    const first = await startApp(`http://127.0.0.1:${port}/hooks/chat`);
    const { client } = await first.connect('ann');
    await requestOk(client, 'room:join', { room: 'lobby' });
    const texts = ['a', 'b', 'c', 'd', 'e'];
    for (const text of texts) await sendToRoom(client, 'lobby', text);
    await until(
      async () => (await first.metric('chat_webhook_attempts_total')) >= 5,
      5000,
    );
    expect(await first.metric('chat_webhook_waiting')).toBe(5);
    await apps.splice(0)[0].close();
    const [{ waiting }] = await database.query<{ waiting: string }>(
      'SELECT count(*) AS waiting FROM chat_outbox',
    );
    expect(Number(waiting)).toBe(5);

    const receiver = await receiverOn(port);
    await startApp(receiver.url);
    await receiver.waitForTexts(texts, 10_000);
    expect(receiver.eventIds.size).toBe(5);
    await until(async () => {
      const rows = await database.query('SELECT 1 FROM chat_outbox');
      return rows.length === 0; // delivered rows are deleted
    }, 5000);
  }, 25_000);

  it('an event still failing 24 h after its message is given up: kept as dead, counted, not sent again', async () => {
    const receiver = await receiverOn();
    receiver.fallback = { status: 500 };
    const app = await startApp(receiver.url);
    const { client } = await app.connect('ann');
    await requestOk(client, 'room:join', { room: 'lobby' });
    await sendToRoom(client, 'lobby', 'old news');
    await receiver.waitForRequests(1);
    // As if the message had been accepted a day ago: the next failure is its last.
    await database.query(
      'UPDATE chat_outbox SET created_at = created_at - 86400000, next_attempt_at = 0',
    );
    await until(
      async () => (await app.metric('chat_webhook_dead_total')) === 1,
      5000,
    );
    // Its outcome is written with the next batch of outcomes.
    await until(async () => {
      const rows = await database.query<{ dead_at: string | null }>(
        'SELECT dead_at FROM chat_outbox',
      );
      return rows.length === 1 && rows[0].dead_at !== null;
    });
    const attempts = receiver.received.length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(receiver.received).toHaveLength(attempts);
    expect(await app.metric('chat_webhook_waiting')).toBe(0);
  }, 15_000);

  it('two instances share the outbox: every event is sent, none twice', async () => {
    const receiver = await receiverOn();
    const one = await startApp(receiver.url);
    const two = await startApp(receiver.url);
    const senders = await Promise.all(
      [one, two].map(async (app, i) => {
        const { client } = await app.connect(`user${i}`);
        await requestOk(client, 'room:join', { room: 'shared' });
        return client;
      }),
    );
    const texts: string[] = [];
    await Promise.all(
      senders.map(async (client, i) => {
        for (let n = 0; n < 25; n++) {
          texts.push(`${i}-${n}`);
          await sendToRoom(client, 'shared', `${i}-${n}`);
        }
      }),
    );
    await receiver.waitForTexts(texts, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a poll or two later
    expect(receiver.received).toHaveLength(50);
    expect(receiver.eventIds.size).toBe(50);
  }, 20_000);

  it("publishes inside the host's transaction: a rollback leaves nothing, a commit stores, delivers and notifies", async () => {
    const receiver = await receiverOn();
    const app = await startApp(receiver.url);
    const { client: member } = await app.connect('bob');
    await requestOk(member, 'room:join', { room: 'support' });
    const delivered = collect(member, 'message:new');
    const host = new pg.Client({ connectionString: database.url });
    await host.connect();
    try {
      await host.query('CREATE TABLE orders (id int PRIMARY KEY, state text)');
      // The host's own write and the chat's post, in one transaction.
      const ship = async (order: number) => {
        await host.query('BEGIN');
        await host.query("INSERT INTO orders VALUES ($1, 'shipped')", [order]);
        return app.rooms.publishInTransaction(
          host,
          'support',
          `Your order ${order} shipped`,
        );
      };
      const rolledBack = await ship(1);
      expect(rolledBack.seq).toBe(1);
      await host.query('ROLLBACK');

      const committed = await ship(2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(delivered).toHaveLength(0); // not before the commit
      await host.query('COMMIT');

      await until(() => delivered.length === 1);
      expect(delivered[0]).toEqual(committed);
      const history = await app.rooms.history('support');
      expect(history.messages.map((m) => m.text)).toEqual([
        'Your order 2 shipped',
      ]);
      await receiver.waitForTexts(['Your order 2 shipped']);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect([...receiver.texts()]).toEqual(['Your order 2 shipped']);
      expect(delivered).toHaveLength(1);
      // The chat prepares its append on its own connections only: the
      // host's connection is left as it was.
      const prepared = await host.query(
        'SELECT name FROM pg_prepared_statements',
      );
      expect(prepared.rows).toEqual([]);
    } finally {
      await host.end();
    }
  }, 15_000);
});
