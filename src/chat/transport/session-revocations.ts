import { Inject, Injectable } from '@nestjs/common';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';

/**
 * Users whose stored recovery sessions no longer count: a user kicked off
 * the server must not come back with its rooms by replaying an earlier
 * session. Kept for one recovery window (no session outlives it), on every
 * instance (kicks reach every instance).
 */
@Injectable()
export class SessionRevocations {
  private readonly revokedAt = new Map<string, number>();

  constructor(
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
  ) {}

  revoke(userId: string): void {
    const now = Date.now();
    this.forgetOlderThan(now - this.options.recoveryWindowMs);
    this.revokedAt.delete(userId); // re-inserted last: the map stays in time order
    this.revokedAt.set(userId, now);
  }

  /** Whether a session of `userId` that ended at `disconnectedAt` (unknown: any time) is revoked. */
  isRevoked(userId: string, disconnectedAt?: number): boolean {
    const revokedAt = this.revokedAt.get(userId);
    if (revokedAt === undefined) return false;
    if (revokedAt < Date.now() - this.options.recoveryWindowMs) {
      this.revokedAt.delete(userId);
      return false;
    }
    return disconnectedAt === undefined || disconnectedAt <= revokedAt;
  }

  private forgetOlderThan(threshold: number): void {
    for (const [userId, at] of this.revokedAt) {
      if (at >= threshold) break;
      this.revokedAt.delete(userId);
    }
  }
}
