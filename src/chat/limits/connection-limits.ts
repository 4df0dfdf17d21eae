import type { IncomingMessage } from 'node:http';
import type { RateLimiterMemory } from 'rate-limiter-flexible';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { clientAddress } from './client-address.js';
import { windowLimiter } from './client-budgets.js';

export type ConnectionRefusal = 'address_connections' | 'address_rate';

type Limits = Pick<
  ResolvedChatOptions,
  | 'maxConnectionsPerAddress'
  | 'connectionRateLimit'
  | 'rateLimitWindowMs'
  | 'connectionLimitExempt'
  | 'trustProxy'
>;

/**
 * Caps per client address on the Engine.IO level, before any handshake
 * work: concurrent connections (handshakes in progress included, since a
 * handshake is a connection) and new connections per window. Exempt
 * addresses (loopback by default) are not counted.
 */
export class ConnectionLimits {
  private readonly open = new Map<string, number>();
  private readonly rate: RateLimiterMemory | null;

  constructor(private readonly limits: Limits) {
    this.rate = windowLimiter(
      limits.connectionRateLimit,
      limits.rateLimitWindowMs,
    );
  }

  addressOf(request: IncomingMessage): string {
    return clientAddress(request, this.limits.trustProxy);
  }

  /** Why a new connection from this request is refused, or `null`. */
  async refusal(request: IncomingMessage): Promise<ConnectionRefusal | null> {
    const address = this.addressOf(request);
    if (this.limits.connectionLimitExempt.has(address)) return null;
    const cap = this.limits.maxConnectionsPerAddress;
    if (cap > 0 && (this.open.get(address) ?? 0) >= cap) {
      return 'address_connections';
    }
    if (!this.rate) return null;
    return this.rate.consume(address).then(
      () => null,
      () => 'address_rate' as const,
    );
  }

  opened(address: string): void {
    if (this.limits.connectionLimitExempt.has(address)) return;
    this.open.set(address, (this.open.get(address) ?? 0) + 1);
  }

  closed(address: string): void {
    const count = this.open.get(address);
    if (count === undefined) return;
    if (count <= 1) this.open.delete(address);
    else this.open.set(address, count - 1);
  }
}
