import type { Socket } from 'socket.io-client';
import type { AckResponse } from '../chat/contract/events.js';
import { ChatError } from './chat-error.js';

/** Codes a call is tried again on: no answer in time, or the store was away. */
export const RETRIED = new Set(['TIMEOUT', 'UNAVAILABLE']);

/**
 * One contract call: the ack's `data`, or a `ChatError` with the contract's
 * code (`TIMEOUT` when no ack came within `timeoutMs`).
 */
export async function ackCall<T>(
  socket: Socket,
  timeoutMs: number,
  event: string,
  payload: unknown,
): Promise<T> {
  let response: AckResponse<T>;
  try {
    const timed = socket.timeout(timeoutMs) as unknown as {
      emitWithAck(event: string, payload: unknown): Promise<AckResponse<T>>;
    };
    response = await timed.emitWithAck(event, payload);
  } catch {
    throw new ChatError(
      'TIMEOUT',
      `${event} was not answered within ${timeoutMs} ms`,
    );
  }
  if (!response.ok) {
    const { code, message, details } = response.error;
    throw new ChatError(code, message, details);
  }
  return response.data;
}

export const delay = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

/** 16 random bytes as hex: works in browsers outside secure contexts too (unlike `randomUUID`). */
export function newClientMessageId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
}
