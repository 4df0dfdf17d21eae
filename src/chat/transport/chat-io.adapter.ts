import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { isObservable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { instrument } from '@socket.io/admin-ui';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { CHAT_OPTIONS, CHAT_REDIS } from '../chat-options.js';
import type { ResolvedChatOptions } from '../chat-options.interface.js';
import {
  ADMIN_NAMESPACE,
  CHAT_NAMESPACE,
  MAX_PAYLOAD_BYTES,
} from '../chat.constants.js';
import { ChatMetrics } from '../metrics/chat-metrics.js';
import { originPolicy } from './cors.js';

/**
 * Applies the module's options to the Socket.IO server: `@WebSocketGateway`
 * options are static, so path, CORS, heartbeats and the payload bound are
 * set here, at run time. Install it before `listen`:
 * `app.useWebSocketAdapter(new ChatIoAdapter(app))`.
 */
export class ChatIoAdapter extends IoAdapter {
  private readonly options: ResolvedChatOptions;
  private readonly redis: Redis | null;
  private readonly metrics: ChatMetrics;
  private readonly sharedListeners = new Map<string, SharedListener>();

  constructor(app: INestApplicationContext) {
    super(app);
    this.metrics = app.get(ChatMetrics, { strict: false });
    this.options = app.get<ResolvedChatOptions>(CHAT_OPTIONS, {
      strict: false,
    });
    this.redis = app.get<Redis | null>(CHAT_REDIS, { strict: false });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const origins = originPolicy(this.options.corsOrigins);
    const serverOptions: Partial<ServerOptions> = {
      ...options,
      path: this.options.path,
      cors: origins.cors,
      allowRequest: (req, callback) => {
        const allowed = origins.allows(req);
        callback(allowed ? null : 'origin not allowed', allowed);
      },
      pingInterval: this.options.pingIntervalMs,
      pingTimeout: this.options.pingTimeoutMs,
      maxHttpBufferSize: MAX_PAYLOAD_BYTES,
      connectionStateRecovery:
        this.options.recoveryWindowMs > 0
          ? {
              maxDisconnectionDuration: this.options.recoveryWindowMs,
              // The handshake was checked on first connect; `socket.data` comes back with the session.
              skipMiddlewares: true,
            }
          : undefined,
    };
    const server = super.createIOServer(port, serverOptions as ServerOptions);
    if (this.redis) {
      markSessionWritesHandled(this.redis);
      // Streams (not pub/sub) so that connection state recovery works across instances.
      const prefix = this.options.redis?.keyPrefix ?? 'chat:';
      server.adapter(
        createAdapter(this.redis, {
          streamName: `${prefix}socket.io`,
          channelPrefix: `${prefix}socket.io`,
          sessionKeyPrefix: `${prefix}socket.io:session:`,
          onlyPlaintext: true,
        }),
      );
    }
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

  /**
   * Where Nest's `IoAdapter` builds an rxjs chain per socket and event
   * (`fromEvent` + `mergeMap` + `takeUntil`), every socket gets listeners
   * shared by all sockets, one per handler, which find the handler's bound
   * callback on the socket itself: the same dispatch, acks and error
   * logging, with no closure per socket and event and no copy of Nest's
   * per-handler wrapper objects (BENCHMARKS.md, "Levers"). A closed socket
   * gets no more events, so there is nothing to tear down. The chat's events
   * are timed here rather than by an interceptor, which would put an rxjs
   * pipeline around every event.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
  ): void {
    const handled = socket as HandledSocket;
    // A second gateway on the same namespace adds its handlers after the first's.
    const offset = handled[CALLBACKS]?.length ?? 0;
    const callbacks = handlers.map(({ callback }) => callback);
    handled[CALLBACKS] = handled[CALLBACKS]?.concat(callbacks) ?? callbacks;
    handlers.forEach(({ message, isAckHandledManually }, index) => {
      const event = String(message);
      socket.on(
        event,
        this.listenerFor(event, offset + index, isAckHandledManually === true),
      );
    });
  }

  /** Nest's own wraps the hook in two more closures per socket; a socket disconnects once. */
  override bindClientDisconnect(
    client: Socket,
    callback: (reason: string) => void,
  ): void {
    client.on('disconnect', callback);
  }

  private listenerFor(
    event: string,
    index: number,
    manualAck: boolean,
  ): SharedListener {
    const key = `${index}:${manualAck}:${event}`;
    let listener = this.sharedListeners.get(key);
    if (!listener) {
      const dispatch = this.dispatch.bind(this, event, manualAck);
      // Only registered on sockets that hold their callbacks.
      listener = function (this: BoundSocket, ...args: unknown[]) {
        dispatch(this, this[CALLBACKS][index], args);
      };
      this.sharedListeners.set(key, listener);
    }
    return listener;
  }

  private dispatch(
    event: string,
    manualAck: boolean,
    socket: Socket,
    callback: MessageMappingProperties['callback'],
    args: unknown[],
  ): void {
    const done = TIMED_NAMESPACES.has(socket.nsp.name)
      ? this.metrics.startEvent(event)
      : noop;
    // As `fromEvent` would hand it over: one argument alone, several as an array.
    const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]) as {
      data: unknown;
      ack?: (response: unknown) => void;
    };
    const reply = manualAck ? undefined : ack;
    const fail = (error: unknown) => {
      done();
      this.logger.error(error);
    };
    // Handlers return a value or a promise: answered straight away. An
    // Observable is answered once per value, as Nest's own adapter does.
    let result: unknown;
    try {
      result = callback(data, ack);
    } catch (error) {
      fail(error);
      return;
    }
    Promise.resolve(result).then((response) => {
      if (!isObservable(response)) {
        respond(socket, response, reply);
        done();
        return;
      }
      response.subscribe({
        next: (value) => respond(socket, value, reply),
        error: fail,
        complete: done,
      });
    }, fail);
  }
}

/** The callbacks Nest bound to one socket, in handler order, read by the shared listeners. */
const CALLBACKS = Symbol('chat:callbacks');
type HandledSocket = Socket & {
  [CALLBACKS]?: MessageMappingProperties['callback'][];
};
type BoundSocket = Required<Pick<HandledSocket, typeof CALLBACKS>> & Socket;
type SharedListener = (this: BoundSocket, ...args: unknown[]) => void;

const TIMED_NAMESPACES = new Set([CHAT_NAMESPACE, ADMIN_NAMESPACE]);
const noop = () => undefined;

/** What a handler returned: `{ event, data }` is emitted, anything else acknowledged. */
function respond(
  socket: Socket,
  response: unknown,
  ack: ((response: unknown) => void) | undefined,
): void {
  if (response === null || response === undefined) return;
  const { event, data } = response as { event?: unknown; data?: unknown };
  if (typeof event === 'string' && event) {
    socket.emit(event, data);
    return;
  }
  ack?.(response);
}

/**
 * The streams adapter stores a dropped socket's session with `SET` and drops
 * the promise; while Redis is away that would be an unhandled rejection that
 * ends the process. The rejection is marked as handled (awaiting callers
 * still see it); the session is simply not recoverable then.
 */
function markSessionWritesHandled(redis: Redis): void {
  const set = redis.set.bind(redis) as (...args: unknown[]) => Promise<unknown>;
  (redis as unknown as { set: typeof set }).set = (...args) => {
    const result = set(...args);
    result.catch(() => undefined);
    return result;
  };
}
