import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { MAX_PAYLOAD_BYTES } from '../module/chat.constants.js';
import { ConnectionLimits } from '../limits/connection-limits.js';
import type { ChatMetrics } from '../metrics/chat-metrics.js';
import { originPolicy, pollingCors, type OriginPolicy } from './cors.js';
import { LingeringSockets } from './lingering-sockets.js';
import { boundedSessionAdapter } from './session-guard.js';
import type { SessionRevocations } from './session-revocations.js';

/** What the connection caps read of an Engine.IO connection. */
interface EngineConnection {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): void;
}

/**
 * The module's options as Socket.IO server options: path, CORS and the
 * origin check, connection caps, heartbeats, the payload bound, connection
 * state recovery (in memory unless Redis holds it). `@WebSocketGateway`
 * options are static, so these are set at run time.
 */
export class ChatServerOptions {
  private readonly limits: ConnectionLimits;
  private readonly origins: OriginPolicy;
  /** The WebSockets a shutdown waits for, cut after a grace period. */
  readonly lingering: LingeringSockets;

  constructor(
    private readonly options: ResolvedChatOptions,
    private readonly metrics: ChatMetrics,
    private readonly revocations: SessionRevocations,
    private readonly recoveryInRedis: boolean,
  ) {
    this.limits = new ConnectionLimits(options);
    this.origins = originPolicy(options.corsOrigins);
    this.lingering = new LingeringSockets(options.path);
  }

  /** Nest's options for the server (a gateway's own), with the module's on top. */
  for(given: ServerOptions | undefined): Partial<ServerOptions> {
    const { options, metrics, limits, origins } = this;
    const recovery = options.recoveryWindowMs > 0;
    return {
      ...given,
      path: options.path,
      cors: undefined, // `attach` adds it, for HTTP requests only
      allowRequest: (req, callback) => {
        if (!origins.allows(req)) {
          metrics.connectionRefused('origin');
          return callback('origin not allowed', false);
        }
        void limits.refusal(req).then((refusal) => {
          if (refusal) metrics.connectionRefused(refusal);
          callback(refusal, refusal === null);
        });
      },
      pingInterval: options.pingIntervalMs,
      pingTimeout: options.pingTimeoutMs,
      maxHttpBufferSize: MAX_PAYLOAD_BYTES,
      // Middlewares run again on recovery: a recovered session is checked
      // like a new one (a token that expired, `/admin` without its token).
      connectionStateRecovery: recovery
        ? {
            maxDisconnectionDuration: options.recoveryWindowMs,
            skipMiddlewares: false, // Socket.IO's default is to skip them
          }
        : undefined,
      adapter:
        recovery && !this.recoveryInRedis
          ? boundedSessionAdapter(
              options.recoveryBufferPackets,
              this.revocations,
            )
          : undefined,
    };
  }

  /**
   * CORS on Engine.IO's HTTP requests (not on WebSocket upgrades), each
   * address's open connections counted for the caps, and the upgrades
   * followed for the shutdown.
   */
  attach(server: Server): void {
    this.lingering.track(server.httpServer);
    server.engine.use(pollingCors(this.origins.cors));
    server.engine.on('connection', (connection: EngineConnection) => {
      const address = this.limits.addressOf(connection.request);
      this.limits.opened(address);
      connection.once('close', () => this.limits.closed(address));
    });
  }
}
