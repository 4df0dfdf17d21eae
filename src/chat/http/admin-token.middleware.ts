import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerMatches } from '../transport/secret.js';

/** The routes under the admin token. */
export const ADMIN_HTTP_PREFIX = '/api/rooms';

/**
 * The admin token checked before the body parser runs: a request without
 * it is answered `401` whatever its body (malformed, huge), so an
 * unauthenticated client never makes the server parse anything. Plain
 * Node.js request and response, so it serves Express and Fastify alike.
 */
export function adminTokenFirst(adminToken: string | undefined) {
  return (
    request: IncomingMessage,
    response: ServerResponse,
    next: () => void,
  ): void => {
    // A CORS preflight carries no credentials; the CORS middleware answers it.
    if (
      request.method === 'OPTIONS' ||
      bearerMatches(request.headers.authorization, adminToken)
    ) {
      next();
      return;
    }
    response.statusCode = 401;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(JSON.stringify({ statusCode: 401, message: 'Unauthorized' }));
  };
}
