import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { io } from 'socket.io-client';
import type { ChatClient } from './support/harness.js';
import { disconnectReason, until, waitFor, within } from './support/harness.js';
import { freePort, http } from './support/http.js';

/** This environment minus `REDIS_URL` (CI sets it for the Redis suites): the in-memory default. */
function processEnvWithoutRedis(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.REDIS_URL;
  return env;
}

/** The built dev server (`node dist/main.js`), as operators run it. */
describe('dev server process', () => {
  let server: ChildProcess | null = null;
  let output = '';
  const clients: ChatClient[] = [];

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
      LOG_LEVEL: 'debug',
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
    // One line per connection event, at debug, in the module's own context.
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'debug',
          context: 'Chat',
          message: `connected ${session.id} (user ${session.userId})`,
        }),
        expect.objectContaining({
          level: 'debug',
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
});
