import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { CHAT_OPTIONS } from '../chat-options.js';
import type { ResolvedChatOptions } from '../chat-options.interface.js';
import { secretMatches } from '../transport/secret.js';

/** `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time; runs before any validation. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>()
      .headers.authorization;
    const token = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
    if (!secretMatches(token, this.options.adminToken)) {
      throw new UnauthorizedException();
    }
    return true;
  }
}
