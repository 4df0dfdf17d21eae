import type { Socket } from 'socket.io-client';
import type {
  AckResponse,
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  ClientToServerEvents,
  Message,
  ServerToClientEvents,
} from '../../src/index.js';

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;
export type AdminClient = Socket<
  AdminServerToClientEvents,
  AdminClientToServerEvents
>;

/** Every wait in a test is bounded by this. */
export const WAIT_MS = 2000;

type EventArg<E extends keyof ServerToClientEvents> = Parameters<
  ServerToClientEvents[E]
>[0];

/** The next `event` on `socket`, or a rejection after `ms`. */
export function waitFor<E extends keyof ServerToClientEvents>(
  socket: ChatClient,
  event: E,
  ms = WAIT_MS,
): Promise<EventArg<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`timed out after ${ms} ms waiting for "${event}"`));
    }, ms);
    const listener = (payload: EventArg<E>) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, listener as never);
  });
}

/** Collects every `event` on `socket` from now on. */
export function collect<E extends keyof ServerToClientEvents>(
  socket: ChatClient,
  event: E,
): EventArg<E>[] {
  const received: EventArg<E>[] = [];
  socket.on(event, ((payload: EventArg<E>) => received.push(payload)) as never);
  return received;
}

/** Emits with an ack callback and resolves with the ack (bounded by a timeout). */
export function request<T = unknown>(
  socket: ChatClient,
  event: string,
  ...args: unknown[]
): Promise<AckResponse<T>> {
  return (
    socket.timeout(WAIT_MS) as unknown as {
      emitWithAck(event: string, ...args: unknown[]): Promise<AckResponse<T>>;
    }
  ).emitWithAck(event, ...args);
}

/** Emits and expects `{ ok: true }`; resolves with `data`. */
export async function requestOk<T = unknown>(
  socket: ChatClient,
  event: keyof ClientToServerEvents,
  ...args: unknown[]
): Promise<T> {
  const response = await request<T>(socket, event, ...args);
  if (!response.ok) {
    throw new Error(`${event} failed: ${JSON.stringify(response.error)}`);
  }
  return response.data;
}

/** The error code `event` is answered with, or `'accepted'` when it was not refused. */
export async function answerCode(
  socket: ChatClient,
  event: string,
  payload: unknown,
): Promise<string> {
  const answer = await request(socket, event, payload);
  return answer.ok ? 'accepted' : answer.error.code;
}

/** An `/admin` call with an ack; resolves with the answer (bounded by a timeout). */
export function adminCall<T = unknown>(
  admin: AdminClient,
  event: string,
  payload: unknown,
): Promise<AckResponse<T>> {
  return within(
    (
      admin as unknown as {
        emitWithAck(event: string, payload: unknown): Promise<AckResponse<T>>;
      }
    ).emitWithAck(event, payload),
  );
}

/** `message:send` into `room` (with a `clientMessageId` when given); resolves with the acked message. */
export async function sendToRoom(
  socket: ChatClient,
  room: string,
  text: string,
  clientMessageId?: string,
): Promise<Message> {
  const { message } = await requestOk<{ message: Message }>(
    socket,
    'message:send',
    { room, text, ...(clientMessageId ? { clientMessageId } : {}) },
  );
  return message;
}

/**
 * A round trip through the server after which anything the server emitted
 * before it has arrived: Socket.IO keeps one socket's packets in order.
 */
export async function settle(...sockets: ChatClient[]): Promise<void> {
  await Promise.all(sockets.map((s) => requestOk(s, 'room:list')));
}

/** Polls `condition` until it holds, or rejects after `ms`: for server-side effects no client event announces. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  ms = WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Emits with no ack callback (failures then arrive as `exception`). */
export function emitWithoutAck(
  socket: ChatClient,
  event: keyof ClientToServerEvents,
  payload: unknown,
): void {
  (socket.emit as (event: string, payload: unknown) => void)(event, payload);
}

/** `promise`, or a rejection after `ms`. */
export function within<T>(promise: Promise<T>, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Drops a client's transport as a network failure would (the server sees
 * "transport close", a recoverable reason), runs `whileAway`, then
 * reconnects the same client, which offers its session for recovery.
 */
export async function dropAndRecover(
  client: ChatClient,
  whileAway: () => Promise<void>,
): Promise<void> {
  const dropped = new Promise<void>((resolve) =>
    client.once('disconnect', () => resolve()),
  );
  client.io.engine.close();
  await within(dropped);
  await whileAway();
  const back = new Promise<void>((resolve) =>
    client.once('connect', () => resolve()),
  );
  client.connect();
  await within(back);
}

/** The reason of the socket's next disconnect (within `ms`). */
export function disconnectReason(
  socket: {
    once(event: 'disconnect', listener: (reason: string) => void): unknown;
  },
  ms = WAIT_MS,
): Promise<string> {
  return within(
    new Promise<string>((resolve) => socket.once('disconnect', resolve)),
    ms,
  );
}
