import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Server } from 'socket.io';
import { ChatGateway } from '../../src/chat/chat.gateway.js';
import { ConnectionRegistry } from '../../src/chat/rooms/connection-registry.js';
import {
  io,
  type ManagerOptions,
  type SocketOptions,
  type Socket,
} from 'socket.io-client';
import {
  ChatMetrics,
  ChatModule,
  useChat,
  RoomsService,
  type AckResponse,
  type AdminClientToServerEvents,
  type AdminServerToClientEvents,
  type ChatModuleOptions,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SessionInfo,
} from '../../src/index.js';

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;
export type AdminClient = Socket<
  AdminServerToClientEvents,
  AdminClientToServerEvents
>;

/** Every wait in a test is bounded by this. */
export const WAIT_MS = 2000;

/** A real Nest app on port 0 with real Socket.IO clients; `close()` tears all of it down. */
export class ChatHarness {
  private readonly clients = new Set<ChatClient>();

  private constructor(
    readonly app: INestApplication,
    readonly url: string,
  ) {}

  /** `port`: 0 (any free one) unless a test restarts a server where its clients expect it. */
  static async start(
    options: ChatModuleOptions = {},
    extras: { demoPage?: boolean; metrics?: boolean; http?: boolean } = {},
    port = 0,
  ): Promise<ChatHarness> {
    const moduleRef = await Test.createTestingModule({
      // The HTTP routes are on, as on the dev server, unless a test says otherwise.
      imports: [ChatModule.forRoot({ ...options, http: true, ...extras })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
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
    const gateway: unknown = this.app.get(ChatGateway);
    const { server } = gateway as { server: { server: Server } };
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
    await this.app.close();
  }
}

type EventArg<E extends keyof ServerToClientEvents> = Parameters<
  ServerToClientEvents[E]
>[0];

/** The next `event` on `socket`, or a rejection after `ms`. */
export function waitFor<E extends keyof ServerToClientEvents>(
  socket: ChatClient,
  event: E,
  ms = WAIT_MS,
): Promise<EventArg<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`timed out after ${ms} ms waiting for "${event}"`));
    }, ms);
    const listener = (payload: EventArg<E>) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, listener as never);
  });
}

/** Collects every `event` on `socket` from now on. */
export function collect<E extends keyof ServerToClientEvents>(
  socket: ChatClient,
  event: E,
): EventArg<E>[] {
  const received: EventArg<E>[] = [];
  socket.on(event, ((payload: EventArg<E>) => received.push(payload)) as never);
  return received;
}

/** Emits with an ack callback and resolves with the ack (bounded by a timeout). */
export function request<T = unknown>(
  socket: ChatClient,
  event: string,
  ...args: unknown[]
): Promise<AckResponse<T>> {
  return (
    socket.timeout(WAIT_MS) as unknown as {
      emitWithAck(event: string, ...args: unknown[]): Promise<AckResponse<T>>;
    }
  ).emitWithAck(event, ...args);
}

/** Emits and expects `{ ok: true }`; resolves with `data`. */
export async function requestOk<T = unknown>(
  socket: ChatClient,
  event: keyof ClientToServerEvents,
  ...args: unknown[]
): Promise<T> {
  const response = await request<T>(socket, event, ...args);
  if (!response.ok) {
    throw new Error(`${event} failed: ${JSON.stringify(response.error)}`);
  }
  return response.data;
}

/**
 * A round trip through the server after which anything the server emitted
 * before it has arrived: Socket.IO keeps one socket's packets in order.
 */
export async function settle(...sockets: ChatClient[]): Promise<void> {
  await Promise.all(sockets.map((s) => requestOk(s, 'room:list')));
}

/** Polls `condition` until it holds, or rejects after `ms`: for server-side effects no client event announces. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  ms = WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Emits with no ack callback (failures then arrive as `exception`). */
export function emitWithoutAck(
  socket: ChatClient,
  event: keyof ClientToServerEvents,
  payload: unknown,
): void {
  (socket.emit as (event: string, payload: unknown) => void)(event, payload);
}

/** `promise`, or a rejection after `ms`. */
export function within<T>(promise: Promise<T>, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Drops a client's transport as a network failure would (the server sees
 * "transport close", a recoverable reason), runs `whileAway`, then
 * reconnects the same client, which offers its session for recovery.
 */
export async function dropAndRecover(
  client: ChatClient,
  whileAway: () => Promise<void>,
): Promise<void> {
  const dropped = new Promise<void>((resolve) =>
    client.once('disconnect', () => resolve()),
  );
  client.io.engine.close();
  await within(dropped);
  await whileAway();
  const back = new Promise<void>((resolve) =>
    client.once('connect', () => resolve()),
  );
  client.connect();
  await within(back);
}

/** The reason of the socket's next disconnect. */
export function disconnectReason(socket: {
  once(event: 'disconnect', listener: (reason: string) => void): unknown;
}): Promise<string> {
  return within(
    new Promise<string>((resolve) => socket.once('disconnect', resolve)),
  );
}
