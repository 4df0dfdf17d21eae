import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { CHAT_OPTIONS } from '../chat-options.js';
import type { ResolvedChatOptions } from '../chat-options.interface.js';
import { ErrorCode } from '../contract/error-code.enum.js';
import { ChatError } from '../errors/chat.error.js';

const limiter = (points: number, windowMs: number) =>
  points > 0
    ? new RateLimiterMemory({ points, duration: windowMs / 1000 })
    : null;

/**
 * Per-client budgets, all over one window (`rateLimitWindowMs`): every
 * event of a socket, refused ones included; and chat messages per user and
 * per client address, so that reconnecting (a new socket, and with the
 * default identity a new user) does not start a fresh budget.
 */
@Injectable()
export class ClientBudgets {
  private readonly events: RateLimiterMemory | null;
  private readonly userMessages: RateLimiterMemory | null;
  private readonly addressMessages: RateLimiterMemory | null;

  constructor(@Inject(CHAT_OPTIONS) options: ResolvedChatOptions) {
    const window = options.rateLimitWindowMs;
    this.events = limiter(options.eventRateLimit, window);
    this.userMessages = limiter(options.rateLimit, window);
    this.addressMessages = limiter(options.addressRateLimit, window);
  }

  /** Spends one event of the socket's budget; `false` once it is used up. */
  takeEvent(socketId: string): Promise<boolean> | boolean {
    if (!this.events) return true;
    return this.events.consume(socketId).then(
      () => true,
      () => false,
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

  /** Drops a closed socket's event budget (user and address budgets outlive sockets on purpose). */
  forget(socketId: string): void {
    void this.events?.delete(socketId);
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
