import type { Socket } from 'socket.io';

type Ack = (response: unknown) => void;

export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/** What a handler returned: `{ event, data }` is emitted, anything else acknowledged. */
export function respond(
  socket: Socket,
  response: unknown,
  ack: Ack | undefined,
) {
  if (response === null || response === undefined) return;
  const { event, data } = response as { event?: unknown; data?: unknown };
  if (typeof event === 'string' && event) {
    socket.emit(event, data);
    return;
  }
  ack?.(response);
}
