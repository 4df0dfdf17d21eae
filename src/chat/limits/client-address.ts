import type { IncomingMessage } from 'node:http';

/**
 * The client's address: the TCP peer, or, behind `trustProxy` proxies, the
 * `X-Forwarded-For` entry the outermost trusted proxy added (entries further
 * left are the client's to write, so they are not believed).
 */
export function clientAddress(
  request: Pick<IncomingMessage, 'headers' | 'socket'>,
  trustProxy: number,
): string {
  const peer = request.socket.remoteAddress ?? '';
  if (trustProxy <= 0) return peer;
  const header = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  return hops[hops.length - trustProxy] ?? hops[0] ?? peer;
}
