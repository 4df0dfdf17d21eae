import type {
  INestApplication,
  LoggerService,
  ModuleMetadata,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import type { Server as HttpServer } from 'node:http';
import type pg from 'pg';
import type { Server } from 'socket.io';
import { CHAT_DATABASE } from '../../src/chat/module/chat-options.js';
import { ChatDelivery } from '../../src/chat/services/delivery.js';
import { ConnectionRegistry } from '../../src/chat/services/connection-registry.js';
import {
  type AdminClient,
  type ChatClient,
  WAIT_MS,
  waitFor,
  within,
} from './client-helpers.js';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import {
  ChatMetrics,
  ChatModule,
  useChat,
  RoomsService,
  type ChatAuthenticator,
  type ChatModuleOptions,
  type SessionInfo,
} from '../../src/index.js';

/** The HTTP platforms a host may run the chat on. */
export type HttpPlatform = 'express' | 'fastify';
export const HTTP_PLATFORMS: HttpPlatform[] = ['express', 'fastify'];

/** A host identity for tests: sockets with the same `auth.user` are one user (`userId` = nickname = that name). */
export const byUserName: ChatAuthenticator = ({ auth }) => {
  const user = (auth as { user?: unknown }).user;
  return typeof user === 'string' ? { userId: user, nickname: user } : null;
};

/**
 * `CHAT_FAST_PATH=off` runs every harness app with `fastPath: false` (CI
 * runs the suites once more that way: the same behaviour on Nest's path).
 */
const FAST_PATH_DEFAULT: ChatModuleOptions =
  process.env.CHAT_FAST_PATH === 'off' ? { fastPath: false } : {};

/** How long `close()` may take before it reports what is still open. */
const CLOSE_STALL_MS = 10_000;

/** A real Nest app on port 0 with real Socket.IO clients; `close()` tears all of it down. */
export class ChatHarness {
  private readonly clients = new Set<ChatClient>();

  private constructor(
    readonly app: INestApplication,
    readonly url: string,
  ) {}

  /**
   * `port`: 0 (any free one) unless a test restarts a server where its
   * clients expect it. `host`: the host application's own modules and
   * providers beside the chat (a policy, a global guard).
   */
  static async start(
    options: ChatModuleOptions = {},
    {
      host = {},
      platform = 'express',
      logger = false,
      ...extras
    }: {
      demoPage?: boolean;
      metrics?: boolean;
      http?: boolean;
      docs?: boolean;
      host?: Pick<ModuleMetadata, 'imports' | 'providers'>;
      /** The HTTP platform (default Express). */
      platform?: HttpPlatform;
      /** Where the app's log lines go (default: nowhere). */
      logger?: LoggerService | false;
    } = {},
    port = 0,
  ): Promise<ChatHarness> {
    const moduleRef = await Test.createTestingModule({
      // The HTTP routes are on, as on the dev server, unless a test says otherwise.
      imports: [
        ChatModule.forRoot({
          ...FAST_PATH_DEFAULT,
          ...options,
          http: true,
          ...extras,
        }),
        ...(host.imports ?? []),
      ],
      providers: host.providers ?? [],
    }).compile();
    const app =
      platform === 'fastify'
        ? moduleRef.createNestApplication<NestFastifyApplication>(
            // Fastify's own defaults: the chat bounds what it serves itself.
            new FastifyAdapter(),
            { logger },
          )
        : moduleRef.createNestApplication({ logger });
    useChat(app);
    await app.listen(port, '127.0.0.1');
    return new ChatHarness(
      app,
      (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    );
  }

  get rooms(): RoomsService {
    return this.app.get(RoomsService);
  }

  /** Sockets the chat's rules track on this instance, for leak checks. */
  get localConnections(): number {
    return this.app.get(ConnectionRegistry).size;
  }

  /** The value of one of the chat's Prometheus metrics, summed over its labels (0 when absent). */
  async metric(name: string): Promise<number> {
    const metric = this.app.get(ChatMetrics).registry.getSingleMetric(name);
    const values = metric ? (await metric.get()).values : [];
    return values.reduce((sum, { value }) => sum + value, 0);
  }

  /** Sockets the server holds in a namespace (what a drop or a kick changes first on the server). */
  namespaceSize(namespace: string): number {
    // The transport holds the `/chat` namespace; its `server` is Socket.IO's.
    const transport: unknown = this.app.get(ChatDelivery).port;
    const { server } = transport as { server: { server: Server } };
    return server.server.of(namespace).sockets.size;
  }

  /** A client socket that is not connected yet. */
  socket(
    auth: Record<string, unknown> = {},
    options: Partial<ManagerOptions & SocketOptions> = {},
    namespace = '/chat',
  ): ChatClient {
    const client: ChatClient = io(`${this.url}${namespace}`, {
      auth,
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      autoConnect: false,
      ...options,
    });
    this.clients.add(client);
    return client;
  }

  /** Connects with a nickname (none: a guest) and resolves with the socket and its `session`. */
  connect(
    nickname?: string,
    options: Partial<ManagerOptions & SocketOptions> = {},
  ): Promise<{ client: ChatClient; session: SessionInfo }> {
    return this.connectWith(
      nickname === undefined ? {} : { nickname },
      options,
    );
  }

  /** Connects with any handshake `auth` and resolves with the socket and its `session`. */
  async connectWith(
    auth: Record<string, unknown>,
    options: Partial<ManagerOptions & SocketOptions> = {},
  ): Promise<{ client: ChatClient; session: SessionInfo }> {
    const client = this.socket(auth, options);
    const session = waitFor(client, 'session');
    client.connect();
    return { client, session: await session };
  }

  /** A connected `/admin` socket. */
  async admin(token: string): Promise<AdminClient> {
    const client = this.socket(
      { token },
      {},
      '/admin',
    ) as unknown as AdminClient;
    const connected = within(
      new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('connect_error', reject);
      }),
    );
    client.connect();
    await connected;
    return client;
  }

  /** Resolves with the `connect_error` message of a refused handshake. */
  async refusal(
    auth: Record<string, unknown>,
    namespace = '/chat',
    options: Partial<ManagerOptions & SocketOptions> = {},
  ): Promise<string> {
    const client = this.socket(auth, options, namespace);
    const refused = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('no connect_error')),
        WAIT_MS,
      );
      client.once('connect', () => {
        clearTimeout(timer);
        reject(new Error('the handshake was accepted'));
      });
      client.once('connect_error', (error) => {
        clearTimeout(timer);
        resolve(error.message);
      });
    });
    client.connect();
    return refused;
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    this.clients.clear();
    // A close that stalls says what is still open (evidence for a rare CI
    // stall with a browser connected), then goes on waiting.
    const stalled = setTimeout(
      () => void this.reportStalledClose(),
      CLOSE_STALL_MS,
    );
    try {
      await this.app.close();
    } finally {
      clearTimeout(stalled);
    }
  }

  private async reportStalledClose(): Promise<void> {
    const server = this.app.getHttpServer() as HttpServer;
    const connections = await new Promise<number>((resolve) =>
      server.getConnections((_, count) => resolve(count)),
    );
    const pool = this.app.get<pg.Pool | null>(CHAT_DATABASE, {
      strict: false,
    });
    const resources = new Map<string, number>();
    for (const kind of process.getActiveResourcesInfo())
      resources.set(kind, (resources.get(kind) ?? 0) + 1);
    process.stderr.write(
      `ChatHarness: app.close() still running after ${CLOSE_STALL_MS} ms: HTTP server listening ${server.listening}, ${connections} connections open; ` +
        `pool ${pool ? `${pool.totalCount} clients, ${pool.idleCount} idle, ${pool.waitingCount} waiting` : 'none'}; ` +
        `active resources ${JSON.stringify(Object.fromEntries(resources))}\n`,
    );
  }
}

export * from './client-helpers.js';
