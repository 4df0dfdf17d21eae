import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { bearerMatches } from '../transport/secret.js';

/**
 * `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time; runs
 * before any validation. `useChat` also checks it before the body is parsed
 * (`adminTokenFirst`); this guard holds for hosts that do not call it.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const { headers } = context.switchToHttp().getRequest<IncomingMessage>();
    if (!bearerMatches(headers.authorization, this.options.adminToken)) {
      throw new UnauthorizedException();
    }
    return true;
  }
}
