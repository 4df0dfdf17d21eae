import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { ErrorCode } from '../contract/error-code.enum.js';
import { ChatError } from '../errors/chat.error.js';

/** `points` per window of `windowMs`; `null` when `points` is 0 (off). */
export const windowLimiter = (points: number, windowMs: number) =>
  points > 0
    ? new RateLimiterMemory({ points, duration: windowMs / 1000 })
    : null;

/**
 * Chat message budgets over one window (`rateLimitWindowMs`), per user and
 * per client address, so that reconnecting (a new socket, and with the
 * default identity a new user) does not start a fresh budget. (Every event
 * of a socket also counts against its `EventBudget`.)
 */
@Injectable()
export class ClientBudgets {
  private readonly userMessages: RateLimiterMemory | null;
  private readonly addressMessages: RateLimiterMemory | null;

  constructor(@Inject(CHAT_OPTIONS) options: ResolvedChatOptions) {
    const window = options.rateLimitWindowMs;
    this.userMessages = windowLimiter(options.rateLimit, window);
    this.addressMessages = windowLimiter(options.addressRateLimit, window);
  }

  /** Whether any message budget is on (`rateLimit: 0` turns them all off). */
  get limited(): boolean {
    return this.userMessages !== null || this.addressMessages !== null;
  }

  /**
   * Spends one message; resolves with how to give it back (the message was
   * not kept after all). `null`, without a promise hop, while the budgets are off.
   */
  spend(userId: string, address: string): Promise<() => Promise<void>> | null {
    if (!this.limited) return null;
    return this.takeMessage(userId, address).then(
      () => () => this.giveBackMessage(userId, address),
    );
  }

  /** Spends one message of the user's and of the address's budget, or refuses `RATE_LIMITED` spending neither. */
  async takeMessage(userId: string, address: string): Promise<void> {
    if (!(await take(this.userMessages, userId))) {
      throw new ChatError(ErrorCode.RateLimited);
    }
    if (!(await take(this.addressMessages, address))) {
      await this.userMessages?.reward(userId, 1);
      throw new ChatError(
        ErrorCode.RateLimited,
        'Too many messages from your network; slow down',
      );
    }
  }

  /** Gives a message back to both budgets (it was not kept after all). */
  async giveBackMessage(userId: string, address: string): Promise<void> {
    await Promise.all([
      this.userMessages?.reward(userId, 1),
      this.addressMessages?.reward(address, 1),
    ]);
  }
}

async function take(
  budget: RateLimiterMemory | null,
  key: string,
): Promise<boolean> {
  if (!budget) return true;
  try {
    await budget.consume(key);
    return true;
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return false;
    throw refusal;
  }
}
