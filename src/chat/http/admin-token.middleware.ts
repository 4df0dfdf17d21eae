import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_PAYLOAD_BYTES } from '../module/chat.constants.js';
import { bearerMatches } from '../transport/secret.js';

/** The routes under the admin token. */
export const ADMIN_HTTP_PREFIX = '/api/rooms';

/**
 * The admin token checked before the body parser runs: a request without
 * it is answered `401` whatever its body (malformed, huge), so an
 * unauthenticated client never makes the server parse anything; then a
 * declared body over 100 kB is `413` whatever the platform's own limit
 * (Fastify's default is 1 MiB). Plain Node.js request and response, so it
 * serves Express and Fastify alike.
 */
export function adminTokenFirst(adminToken: string | undefined) {
  return (
    request: IncomingMessage,
    response: ServerResponse,
    next: () => void,
  ): void => {
    // A CORS preflight carries no credentials; the CORS middleware answers it.
    if (request.method === 'OPTIONS') {
      next();
    } else if (!bearerMatches(request.headers.authorization, adminToken)) {
      refuse(response, 401, 'Unauthorized');
    } else if (
      Number(request.headers['content-length'] ?? 0) > MAX_PAYLOAD_BYTES
    ) {
      refuse(response, 413, 'Payload Too Large');
    } else {
      next();
    }
  };
}

function refuse(response: ServerResponse, status: number, message: string) {
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.end(JSON.stringify({ statusCode: status, message }));
}
