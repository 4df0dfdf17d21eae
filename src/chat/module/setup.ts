import type { INestApplication } from '@nestjs/common';
import { CHAT_EXTRAS, CHAT_OPTIONS, type ChatExtras } from './chat-options.js';
import type { ResolvedChatOptions } from './chat-options.interface.js';
import {
  ADMIN_HTTP_PREFIX,
  adminTokenFirst,
} from '../http/admin-token.middleware.js';
import { ChatIoAdapter } from '../transport/chat-io.adapter.js';
import { originPolicy } from '../transport/cors.js';

/**
 * Wires the module into an app before `listen`: the Socket.IO adapter that
 * applies the module's options, the admin token check of `/api/rooms`
 * ahead of the body parser (with the `http` extra), and, unless the host runs its own CORS, the
 * same origin allow-list on HTTP.
 */
export function useChat(
  app: INestApplication,
  { cors = true }: { cors?: boolean } = {},
): ResolvedChatOptions {
  const options = app.get<ResolvedChatOptions>(CHAT_OPTIONS, { strict: false });
  const extras = app.get<ChatExtras>(CHAT_EXTRAS, { strict: false });
  if (cors) app.enableCors(originPolicy(options.corsOrigins).cors);
  if (extras.http) {
    // Registered before `listen` initialises the app, so ahead of Nest's body parser.
    app.use(ADMIN_HTTP_PREFIX, adminTokenFirst(options.adminToken));
  }
  app.useWebSocketAdapter(new ChatIoAdapter(app));
  return options;
}
