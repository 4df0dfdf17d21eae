import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Member } from 'nest-chat-module';

export const SESSION_SECRET = Symbol('SESSION_SECRET');

/**
 * The host's own sessions: `base64url(user).signature`, signed with HMAC.
 * (A real app would use its JWT or session library; the shape is the same.)
 */
@Injectable()
export class SessionTokens {
  constructor(@Inject(SESSION_SECRET) private readonly secret: string) {}

  sign(user: Member): string {
    const body = Buffer.from(JSON.stringify(user)).toString('base64url');
    return `${body}.${this.signature(body)}`;
  }

  /** The user a token was signed for, or `null`. */
  verify(token: unknown): Member | null {
    if (typeof token !== 'string') return null;
    const [body, signature] = token.split('.');
    if (!body || !signature) return null;
    const expected = Buffer.from(this.signature(body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return null;
    const user = JSON.parse(
      Buffer.from(body, 'base64url').toString('utf8'),
    ) as Member;
    return typeof user.userId === 'string' && typeof user.nickname === 'string'
      ? user
      : null;
  }

  private signature(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
