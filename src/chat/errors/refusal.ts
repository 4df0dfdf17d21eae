import type { Socket } from 'socket.io';
import type { AckFailure, ExceptionEvent } from '../contract/events.js';
import type { ChatError } from './chat.error.js';

/**
 * How a refused event reaches its client: the ack `{ ok: false, error }`
 * when it sent an ack callback, the `exception` event otherwise. The
 * `exception` stays on this instance (not published to other instances)
 * and is never kept for connection state recovery (`TRANSIENT_EVENTS`).
 */
export function answerRefusal(
  socket: Socket,
  event: string,
  error: ChatError,
  ack: unknown,
): void {
  if (typeof ack === 'function') {
    const failure: AckFailure = { ok: false, error: error.toBody() };
    (ack as (response: AckFailure) => void)(failure);
    return;
  }
  const exception: ExceptionEvent = { ...error.toBody(), event };
  socket.nsp.local.to(socket.id).emit('exception', exception);
}
