import type { IncomingMessage } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { instrument } from '@socket.io/admin-ui';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis, RedisOptions } from 'ioredis';
import { BLOCKING_READER_OPTIONS } from '../redis/redis-connection.js';
import { CHAT_OPTIONS, CHAT_REDIS } from '../chat-options.js';
import type { ResolvedChatOptions } from '../chat-options.interface.js';
import { MAX_PAYLOAD_BYTES } from '../chat.constants.js';
import { EventBudget } from '../limits/event-budget.js';
import { ConnectionLimits } from '../limits/connection-limits.js';
import { ChatMetrics } from '../metrics/chat-metrics.js';
import { originPolicy } from './cors.js';
import { ChatGateway } from '../chat.gateway.js';
import { WsAckExceptionFilter } from '../errors/ws-ack-exception.filter.js';
import { WsValidationPipe } from '../errors/ws-validation.pipe.js';
import { directHandlers, hasGlobalEnhancers } from './direct-handlers.js';
import { EventDispatcher } from './event-dispatcher.js';
import { boundedSessionAdapter, guardSessions } from './session-guard.js';
import { SessionRevocations } from './session-revocations.js';
import { boundPendingWrites } from './write-bound.js';

/** Set on a Socket.IO server this adapter created (what `ChatGateway` checks). */
export const CHAT_IO_ADAPTER = Symbol('chat:ioAdapter');
type MarkedServer = Server & { [CHAT_IO_ADAPTER]?: true };

/** Whether `server` was created by `ChatIoAdapter` (its options and bounds apply). */
export const isChatServer = (server: Server): boolean =>
  (server as MarkedServer)[CHAT_IO_ADAPTER] === true;

/** What the connection caps read of an Engine.IO connection. */
interface EngineConnection {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): void;
}

/**
 * Applies the module's options to the Socket.IO server: `@WebSocketGateway`
 * options are static, so path, CORS, heartbeats, the payload bound and the
 * per-client bounds are set here, at run time. Install it before `listen`:
 * `app.useWebSocketAdapter(new ChatIoAdapter(app))`.
 */
export class ChatIoAdapter extends IoAdapter {
  private readonly options: ResolvedChatOptions;
  private readonly redis: Redis | null;
  private readonly metrics: ChatMetrics;
  private readonly revocations: SessionRevocations;
  private readonly dispatcher: EventDispatcher;
  /** The Redis streams adapter's blocking readers, let go at shutdown. */
  private readonly readers = new Set<Redis>();

  constructor(app: INestApplicationContext) {
    super(app);
    const get = <T>(token: unknown) =>
      app.get<T>(token as string, { strict: false });
    this.metrics = get<ChatMetrics>(ChatMetrics);
    this.options = get<ResolvedChatOptions>(CHAT_OPTIONS);
    this.redis = get<Redis | null>(CHAT_REDIS);
    this.revocations = get<SessionRevocations>(SessionRevocations);
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
      () => this.directHandlers(app),
    );
  }

  /**
   * The `/chat` gateway's handlers called directly, without Nest's
   * per-event context (BENCHMARKS.md, "Levers"), unless the application
   * has global guards, interceptors or pipes, which must see every event.
   */
  private directHandlers(app: INestApplicationContext) {
    if (hasGlobalEnhancers(app)) {
      this.logger.log(
        "Global guards, interceptors or pipes found: /chat events go through Nest's handler context",
      );
      return null;
    }
    return directHandlers(app.get(ChatGateway, { strict: false }), {
      pipeType: WsValidationPipe,
      pipe: new WsValidationPipe(),
      filterType: WsAckExceptionFilter,
      filter: new WsAckExceptionFilter(this.metrics),
    });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const origins = originPolicy(this.options.corsOrigins);
    const limits = new ConnectionLimits(this.options);
    const recovery = this.options.recoveryWindowMs > 0 && !this.redis;
    const serverOptions: Partial<ServerOptions> = {
      ...options,
      path: this.options.path,
      cors: origins.cors,
      allowRequest: (req, callback) => {
        if (!origins.allows(req)) {
          this.metrics.connectionRefused('origin');
          return callback('origin not allowed', false);
        }
        void limits.refusal(req).then((refusal) => {
          if (refusal) this.metrics.connectionRefused(refusal);
          callback(refusal, refusal === null);
        });
      },
      pingInterval: this.options.pingIntervalMs,
      pingTimeout: this.options.pingTimeoutMs,
      maxHttpBufferSize: MAX_PAYLOAD_BYTES,
      // Middlewares run again on recovery: a recovered session is checked
      // like a new one (a token that expired, `/admin` without its token).
      connectionStateRecovery:
        this.options.recoveryWindowMs > 0
          ? {
              maxDisconnectionDuration: this.options.recoveryWindowMs,
              skipMiddlewares: false, // Socket.IO's default is to skip them
            }
          : undefined,
      adapter: recovery
        ? boundedSessionAdapter(
            this.options.recoveryBufferPackets,
            this.revocations,
          )
        : undefined,
    };
    const server = super.createIOServer(port, serverOptions as ServerOptions);
    (server as MarkedServer)[CHAT_IO_ADAPTER] = true;
    server.engine.on('connection', (connection: EngineConnection) => {
      const address = limits.addressOf(connection.request);
      limits.opened(address);
      connection.once('close', () => limits.closed(address));
    });
    boundPendingWrites(server, this.options.maxBufferedBytes, () =>
      this.metrics.slowConsumerClosed(),
    );
    if (this.redis) this.useRedis(server, this.redis);
    const adminUi = this.options.adminUi;
    if (adminUi) {
      instrument(server, {
        namespaceName: adminUi.namespace ?? '/socket.io-admin',
        auth: {
          type: 'basic',
          username: adminUi.username,
          password: adminUi.passwordHash,
        },
        readonly: true,
        mode: 'production',
      });
    }
    return server;
  }

  /** Streams (not pub/sub), so that connection state recovery works across instances. */
  private useRedis(server: Server, redis: Redis): void {
    const prefix = this.options.redis?.keyPrefix ?? 'chat:';
    const streams = createAdapter(streamsAdapterView(redis, this.readers), {
      streamName: `${prefix}socket.io`,
      channelPrefix: `${prefix}socket.io`,
      sessionKeyPrefix: `${prefix}socket.io:session:`,
      onlyPlaintext: true,
    });
    const revocations = this.revocations;
    // Socket.IO calls it with `new`: a function (not an arrow) returning the adapter.
    function GuardedStreamsAdapter(nsp: Parameters<typeof streams>[0]) {
      const adapter = streams(nsp);
      guardSessions(adapter, revocations);
      return adapter;
    }
    server.adapter(
      GuardedStreamsAdapter as unknown as Parameters<Server['adapter']>[0],
    );
  }

  /**
   * The streams adapter lets its blocking readers go only once their read
   * returns, which never happens while Redis is away: they are let go here,
   * so a shutdown during an outage ends.
   */
  override async close(server: Server): Promise<void> {
    await super.close(server);
    for (const reader of this.readers) reader.disconnect();
    this.readers.clear();
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

/**
 * The Redis client as the streams adapter sees it; the client itself is
 * untouched. The adapter stores a dropped socket's session with `SET` and
 * drops the promise: while Redis is away that would be an unhandled
 * rejection that ends the process, so this view marks it handled (the
 * session is simply not recoverable then). Its `duplicate()` gives the
 * adapter's blocking readers connections that wait for Redis to come back,
 * and keeps them in `readers` to be let go at shutdown.
 */
function streamsAdapterView(redis: Redis, readers: Set<Redis>): Redis {
  return new Proxy(redis, {
    get(target, property, receiver) {
      if (property === 'duplicate') {
        return (override?: RedisOptions) => {
          const reader = target.duplicate({
            ...BLOCKING_READER_OPTIONS,
            ...override,
          });
          readers.add(reader);
          return reader;
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'set' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => Promise<unknown>).apply(
          target,
          args,
        );
        result.catch(() => undefined);
        return result;
      };
    },
  });
}
