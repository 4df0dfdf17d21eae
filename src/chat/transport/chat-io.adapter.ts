import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { Redis } from 'ioredis';
import { CLOSE_FRAME_GRACE_MS } from '../module/chat.constants.js';
import { CHAT_OPTIONS, CHAT_REDIS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { EventBudget } from '../limits/event-budget.js';
import { ChatMetrics } from '../metrics/chat-metrics.js';
import { instrumentAdminUi } from './admin-ui.js';
import { markChatServer } from './chat-server.js';
import { EventDispatcher } from './fast-path/event-dispatcher.js';
import { FastPath } from './fast-path/fast-path.js';
import { RedisStreamsWiring } from './redis-streams.js';
import { ChatServerOptions } from './server-options.js';
import { SessionRevocations } from './session-revocations.js';
import { boundPendingWrites } from './write-bound.js';

/**
 * The module's Socket.IO adapter: creates the server with the module's
 * options (`ChatServerOptions`), the write bound, Redis streams
 * (`RedisStreamsWiring`) and the Admin UI, and binds gateway handlers
 * through `EventDispatcher`. Install it before `listen`:
 * `app.useWebSocketAdapter(new ChatIoAdapter(app))` (what `useChat` does).
 */
export class ChatIoAdapter extends IoAdapter {
  private readonly options: ResolvedChatOptions;
  private readonly metrics: ChatMetrics;
  private readonly serverOptions: ChatServerOptions;
  private readonly streams: RedisStreamsWiring | null;
  private readonly dispatcher: EventDispatcher;

  constructor(app: INestApplicationContext) {
    super(app);
    const get = <T>(token: unknown) =>
      app.get<T>(token as string, { strict: false });
    this.metrics = get<ChatMetrics>(ChatMetrics);
    this.options = get<ResolvedChatOptions>(CHAT_OPTIONS);
    const redis = get<Redis | null>(CHAT_REDIS);
    const revocations = get<SessionRevocations>(SessionRevocations);
    this.serverOptions = new ChatServerOptions(
      this.options,
      this.metrics,
      revocations,
      redis !== null,
    );
    this.streams = redis
      ? new RedisStreamsWiring(
          redis,
          this.options.redis?.keyPrefix ?? 'chat:',
          revocations,
        )
      : null;
    const fastPath = get<FastPath>(FastPath);
    this.dispatcher = new EventDispatcher(
      this.metrics,
      (payload) =>
        this.mapPayload(payload) as {
          data: unknown;
          ack?: (response: unknown) => void;
        },
      {
        budget: new EventBudget(
          this.options.eventRateLimit,
          this.options.rateLimitWindowMs,
        ),
        maxInFlight: this.options.maxEventsInFlight,
      },
      () => fastPath.handlersFor(app),
    );
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(
      port,
      this.serverOptions.for(options) as ServerOptions,
    );
    markChatServer(server);
    this.serverOptions.attach(server);
    boundPendingWrites(server, this.options.maxBufferedBytes, () =>
      this.metrics.slowConsumerClosed(),
    );
    this.streams?.attach(server);
    instrumentAdminUi(server, this.options.adminUi);
    this.dispatcher.prepare();
    return server;
  }

  /** Nest passes each gateway's namespace too; the server holds the connections. */
  override async close(server: Server): Promise<void> {
    const lingering =
      server instanceof Server ? this.serverOptions.lingering : null;
    lingering?.cutAfter(CLOSE_FRAME_GRACE_MS);
    try {
      await super.close(server);
    } finally {
      lingering?.stop();
    }
    this.streams?.close();
  }

  /** Nest's per-socket binding, replaced by the shared listeners of `EventDispatcher`. */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
  ): void {
    this.dispatcher.bind(socket, handlers);
  }

  /** Nest's own wraps the hook in two more closures per socket; a socket disconnects once. */
  override bindClientDisconnect(
    client: Socket,
    callback: (reason: string) => void,
  ): void {
    client.on('disconnect', callback);
  }
}
