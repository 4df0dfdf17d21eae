import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { CHAT_OPTIONS } from '../chat-options.js';
import type { ResolvedChatOptions } from '../chat-options.interface.js';
import { MAX_PAYLOAD_BYTES } from '../chat.constants.js';
import { originPolicy } from './cors.js';

/**
 * Applies the module's options to the Socket.IO server: `@WebSocketGateway`
 * options are static, so path, CORS, heartbeats and the payload bound are
 * set here, at run time. Install it before `listen`:
 * `app.useWebSocketAdapter(new ChatIoAdapter(app))`.
 */
export class ChatIoAdapter extends IoAdapter {
  private readonly options: ResolvedChatOptions;

  constructor(app: INestApplicationContext) {
    super(app);
    this.options = app.get<ResolvedChatOptions>(CHAT_OPTIONS, {
      strict: false,
    });
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
    return super.createIOServer(port, serverOptions as ServerOptions);
  }
}
