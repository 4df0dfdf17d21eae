import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented secret with the expected one in constant time. Both
 * are hashed first so their lengths never leak; an unset secret matches nothing.
 */
export function secretMatches(
  presented: unknown,
  expected: string | undefined,
): boolean {
  if (!expected || typeof presented !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Whether an `Authorization: Bearer <token>` header carries the expected secret. */
export function bearerMatches(
  header: string | undefined,
  expected: string | undefined,
): boolean {
  return secretMatches(/^Bearer (.+)$/i.exec(header ?? '')?.[1], expected);
}
