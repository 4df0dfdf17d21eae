import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { io } from 'socket.io-client';
import type { ChatClient } from './support/harness.js';
import { disconnectReason, until, waitFor, within } from './support/harness.js';
import type { AckResponse, Message, MessageResult } from '../src/index.js';
import { freePort, http } from './support/http.js';
import { describeWithPostgres, TestDatabase } from './support/postgres.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

/** This environment minus `REDIS_URL` (CI sets it for the Redis suites): the in-memory default. */
function processEnvWithoutRedis(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.REDIS_URL;
  delete env.DATABASE_URL;
  return env;
}

/** The built dev server (`node dist/main.js`), as operators run it. */
describe('dev server process', () => {
  let server: ChildProcess | null = null;
  let output = '';
  const clients: ChatClient[] = [];
  const receivers: WebhookReceiver[] = [];

  beforeAll(() => {
    execFileSync('npx', ['nest', 'build'], {
      stdio: 'ignore',
      timeout: 120_000,
    });
  }, 130_000);
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
    if (server && server.exitCode === null) server.kill('SIGKILL');
  });

  async function startServer(env: Record<string, string>) {
    output = '';
    server = spawn(process.execPath, ['dist/main.js'], {
      env: { ...processEnvWithoutRedis(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until(() => output.includes('Chat listening on'), 20_000);
  }

  const exitOf = (child: ChildProcess) =>
    within(
      new Promise<number | null>((resolve) =>
        child.once('exit', (code) => resolve(code)),
      ),
      15_000,
    );

  it('logs its URL, namespaces and store, and on SIGTERM closes clients so they reconnect, then exits 0', async () => {
    const port = await freePort();
    await startServer({ PORT: String(port), CHAT_RATE_LIMIT: '0' });
    expect(output).toMatch(
      new RegExp(
        `Chat listening on http://localhost:${port} .*namespaces /chat /admin.*store memory`,
      ),
    );
    expect((await http(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    for (let i = 0; i < 3; i++) {
      const client: ChatClient = io(`http://127.0.0.1:${port}/chat`, {
        transports: ['websocket'],
        reconnectionDelay: 60_000,
      });
      clients.push(client);
      await waitFor(client, 'session', 5000);
    }
    const reasons = clients.map((client) => disconnectReason(client));
    const exit = exitOf(server!);
    server!.kill('SIGTERM');
    expect(await exit).toBe(0);
    for (const reason of await Promise.all(reasons))
      expect(reason).toBe('transport close');
    // Not "io server disconnect": the clients will reconnect (to another instance, if any).
    for (const client of clients) expect(client.active).toBe(true);
    expect(output).toContain('Shutting down on SIGTERM');
  }, 40_000);

  it('writes JSON log lines with LOG_FORMAT=json: connect and disconnect with ids, never message text', async () => {
    const port = await freePort();
    await startServer({
      PORT: String(port),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'verbose',
    });
    const client: ChatClient = io(`http://127.0.0.1:${port}/chat`, {
      transports: ['websocket'],
      auth: { nickname: 'logged' },
      reconnection: false,
    });
    clients.push(client);
    const session = await waitFor(client, 'session', 5000);
    await within(client.emitWithAck('room:join', { room: 'lobby' }));
    await within(
      client.emitWithAck('message:send', {
        room: 'lobby',
        text: 'secret text',
      }),
    );
    client.disconnect();
    await until(() => output.includes(`disconnected ${session.id}`), 5000);
    const lines = output
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            level: string;
            context: string;
            message: unknown;
          },
      );
    // One line per connection event, at verbose, in the module's own context.
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'verbose',
          context: 'Chat',
          message: `connected ${session.id} (user ${session.userId})`,
        }),
        expect.objectContaining({
          level: 'verbose',
          context: 'Chat',
          message: expect.stringContaining(`disconnected ${session.id}`),
        }),
      ]),
    );
    expect(output).not.toContain('secret text');
  }, 30_000);

  it('refuses a bad environment at start with a clear message and a non-zero exit', async () => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      env: { ...processEnvWithoutRedis(), PORT: 'not-a-port' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
    expect(await exitOf(child)).not.toBe(0);
    expect(text).toContain('Invalid environment');
    expect(text).toContain('PORT="not-a-port"');
  }, 20_000);

  it.each([
    ['CHAT_CORS_ORIGINS', { CHAT_CORS_ORIGINS: '*,http://a.test' }],
    ['REDIS_URL', { REDIS_URL: 'redis://127.0.0.1:1' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/chat' }],
  ])(
    'a start that fails on %s says so in one line, without a stack trace',
    async (variable, env) => {
      const child = spawn(process.execPath, ['dist/main.js'], {
        env: { ...processEnvWithoutRedis(), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
      expect(await exitOf(child)).toBe(1);
      expect(text).toContain('Could not start');
      expect(text).toContain(variable);
      expect(text).not.toMatch(/^\s+at /m);
    },
    20_000,
  );

  describeWithPostgres('with DATABASE_URL', () => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await TestDatabase.create();
    });
    afterEach(async () => {
      if (server && server.exitCode === null) {
        const exited = exitOf(server);
        server.kill('SIGKILL');
        await exited;
      }
      await database.drop();
      for (const receiver of receivers.splice(0)) await receiver.close();
    });

    it('loses no acknowledged message, nor its webhook event, to SIGKILL: same ids, gapless seqs, every event sent after the restart', async () => {
      // The receiver answers nothing until the kill: the instance dies
      // holding leased outbox rows, which the next one sends after the lease.
      const receiver = await WebhookReceiver.start();
      receivers.push(receiver);
      receiver.fallback = 'hang';
      const env = {
        PORT: String(await freePort()),
        DATABASE_URL: database.url,
        CHAT_RATE_LIMIT: '0',
        CHAT_EVENT_RATE_LIMIT: '0',
        CHAT_WEBHOOK_URL: receiver.url,
        CHAT_WEBHOOK_SECRET:
          'whsec_' + Buffer.from('sigkill key').toString('base64'),
      };
      await startServer(env);
      expect(output).toContain(`history postgres`);
      const url = `http://127.0.0.1:${env.PORT}/chat`;
      const senders = await Promise.all(
        [0, 1, 2, 3].map(async () => {
          const client: ChatClient = io(url, {
            transports: ['websocket'],
            reconnection: false,
          });
          clients.push(client);
          await waitFor(client, 'session', 5000);
          await within(
            client.emitWithAck('room:join', { room: 'durable' }),
            5000,
          );
          return client;
        }),
      );
      const acked: Message[] = [];
      const sending = senders.map(async (client, i) => {
        for (let n = 0; client.connected; n++) {
          const answer: AckResponse<MessageResult> | null = await client
            .timeout(2000)
            .emitWithAck('message:send', { room: 'durable', text: `${i}-${n}` })
            .catch(() => null);
          if (answer?.ok) acked.push(answer.data.message);
        }
      });
      await until(() => acked.length >= 400, 30_000);
      const killed = exitOf(server!);
      server!.kill('SIGKILL');
      await killed;
      await Promise.all(sending);
      expect(receiver.received.length).toBeGreaterThan(0); // some were in flight
      receiver.fallback = { status: 204 };

      await startServer(env);
      const reader: ChatClient = io(url, {
        transports: ['websocket'],
        reconnection: false,
      });
      clients.push(reader);
      await waitFor(reader, 'session', 5000);
      const joined = await within(
        reader.emitWithAck('room:join', { room: 'durable', since: 0 }),
        5000,
      );
      if (!joined.ok) throw new Error(joined.error.message);
      const stored = [...joined.data.history];
      for (let more = !joined.data.complete; more;) {
        const page = await within(
          reader.emitWithAck('room:history', {
            room: 'durable',
            after: stored[stored.length - 1].seq,
          }),
          5000,
        );
        if (!page.ok) throw new Error(page.error.message);
        stored.push(...page.data.messages);
        more = page.data.hasMore;
      }
      expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
      const bySeq = new Map(stored.map((m) => [m.seq, m]));
      for (const message of acked)
        expect(bySeq.get(message.seq)).toEqual(message);
      await until(() => {
        const delivered = receiver.deliveredMessageIds();
        return acked.every((message) => delivered.has(message.id));
      }, 40_000);
    }, 120_000);
  });
});
