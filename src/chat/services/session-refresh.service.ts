import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '../contract/error-code.enum.js';
import { ChatError } from '../errors/chat.error.js';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type {
  ResolvedChatOptions,
  VerifiedToken,
} from '../module/chat-options.interface.js';

/**
 * `session:refresh`: a signed-in user's new token, for the same `sub`. A
 * token that is not valid, or names another user, changes nothing.
 */
@Injectable()
export class SessionRefreshService {
  constructor(
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
  ) {}

  async refresh(userId: string, token: string): Promise<VerifiedToken> {
    const tokens = this.options.tokens;
    if (!tokens) {
      throw new ChatError(
        ErrorCode.Unauthorized,
        'This server signs nobody in with tokens: there is nothing to refresh',
      );
    }
    const verified = await tokens.verify(token);
    if (!verified) {
      throw new ChatError(ErrorCode.Unauthorized, 'The token is not valid');
    }
    if (verified.userId !== userId) {
      throw new ChatError(
        ErrorCode.Unauthorized,
        'The token is for another user',
      );
    }
    return verified;
  }
}
