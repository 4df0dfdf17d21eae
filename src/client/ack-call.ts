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

/**
 * The client's calls: each waits for its ack, unless the server refused the
 * handshake; then every call under way and every later one fails at once
 * with that refusal (not `TIMEOUT`).
 */
export class CallGate {
  /** Why the server refused the handshake, once it has. */
  private refusal: ChatError | null = null;
  /** Calls waiting for their ack. */
  private readonly pending = new Set<(error: ChatError) => void>();

  constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {}

  call<T>(event: string, payload: unknown): Promise<T> {
    if (this.refusal) return Promise.reject(this.refusal);
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      ackCall<T>(this.socket, this.timeoutMs, event, payload)
        .then(resolve, reject)
        .finally(() => this.pending.delete(reject));
    });
  }

  /** The handshake was refused with `code` (the `connect_error` message): fails every call. */
  refuse(code: string, details?: unknown): ChatError {
    this.refusal = new ChatError(
      code,
      `the server refused the connection (${code})`,
      details,
    );
    for (const fail of this.pending) fail(this.refusal);
    this.pending.clear();
    return this.refusal;
  }
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
