import { ChatError } from '../errors/chat.error.js';
import { ROOM_NAME_PATTERN } from '../module/chat.constants.js';

/** Where an inbox page ended: the last room's `activeAt` and name. */
export interface InboxPosition {
  activeAt: number;
  room: string;
}

/** The inbox order: the most recently active first, then by name (code units). */
export function inboxOrder(a: InboxPosition, b: InboxPosition): number {
  if (a.activeAt !== b.activeAt) return b.activeAt - a.activeAt;
  return a.room < b.room ? -1 : a.room > b.room ? 1 : 0;
}

/** Opaque to clients: the position as base64url JSON. */
export function encodeCursor({ activeAt, room }: InboxPosition): string {
  return Buffer.from(JSON.stringify([activeAt, room])).toString('base64url');
}

/**
 * The position a cursor names; a cursor the server did not make (not
 * base64url JSON of a time and a room name) is `VALIDATION_FAILED`.
 */
export function decodeCursor(cursor: string): InboxPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    Number.isSafeInteger(parsed[0]) &&
    (parsed[0] as number) >= 0 &&
    typeof parsed[1] === 'string' &&
    ROOM_NAME_PATTERN.test(parsed[1]) &&
    encodeCursor({ activeAt: parsed[0] as number, room: parsed[1] }) === cursor
  ) {
    return { activeAt: parsed[0] as number, room: parsed[1] };
  }
  throw ChatError.validation([
    { field: 'cursor', errors: ['cursor is not one this server made'] },
  ]);
}
