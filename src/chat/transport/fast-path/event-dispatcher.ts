import { Logger } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { isObservable } from 'rxjs';
import type { Socket } from 'socket.io';
import {
  ADMIN_NAMESPACE,
  CHAT_NAMESPACE,
} from '../../module/chat.constants.js';
import { ErrorCode } from '../../contract/error-code.enum.js';
import { ChatError } from '../../errors/chat.error.js';
import { answerRefusal } from '../../errors/refusal.js';
import type { BudgetHolder, EventBudget } from '../../limits/event-budget.js';
import type { ChatMetrics } from '../../metrics/chat-metrics.js';
import type { EventMeter } from '../../metrics/event-meter.js';
import type { DirectHandler } from './direct-handlers.js';
import { isThenable, respond } from './respond.js';

type Ack = (response: unknown) => void;
/** Nest's callback bound to the socket (`this` unused), or a direct handler's (`this` is the socket). */
type Callback = (this: Socket, data: unknown, ack: Ack | undefined) => unknown;

/** The callbacks Nest bound to one socket, in handler order, read by the shared listeners. */
const CALLBACKS = Symbol('chat:callbacks');
/** Events of a `/chat` socket being handled now. */
const IN_FLIGHT = Symbol('chat:inFlight');
type HandledSocket = Socket & {
  [CALLBACKS]?: Callback[];
  [IN_FLIGHT]?: number;
};
type BoundSocket = Required<Pick<HandledSocket, typeof CALLBACKS>> &
  HandledSocket;
type SharedListener = (this: BoundSocket, ...args: unknown[]) => void;

const noop = () => undefined;

/** What a `/chat` client may have under way, and how fast it may send. */
export interface EventLimits {
  budget: EventBudget;
  maxInFlight: number;
}

/**
 * Where Nest's `IoAdapter` builds an rxjs chain per socket and event
 * (`fromEvent` + `mergeMap` + `takeUntil`), every socket gets listeners
 * shared by all sockets, one per handler, which find the handler's bound
 * callback on the socket itself: the same dispatch, acks and error
 * logging, with no closure per socket and event (BENCHMARKS.md, "Levers").
 * A closed socket gets no more events, so there is nothing to tear down.
 * `/chat` events are admitted first: each costs the socket's event budget
 * (refused ones too) and at most `maxInFlight` are handled at once.
 * Where `directHandlers` can call the `/chat` gateway's methods as Nest
 * would, those are called and the socket keeps no callbacks at all.
 */
export class EventDispatcher {
  private readonly logger = new Logger('ChatFastPath');
  private readonly sharedListeners = new Map<string, SharedListener>();

  constructor(
    private readonly metrics: ChatMetrics,
    private readonly mapPayload: (payload: unknown) => {
      data: unknown;
      ack?: Ack;
    },
    private readonly limits: EventLimits,
    private readonly resolveDirect: () => Map<string, DirectHandler> | null,
  ) {}

  /** The `/chat` gateway's direct listeners; resolved at start (`prepare`). */
  private direct: Map<string, SharedListener> | null | undefined;
  private warnedUncovered = false;

  bind(socket: Socket, handlers: MessageMappingProperties[]): void {
    const handled = socket as HandledSocket;
    const direct =
      socket.nsp.name === CHAT_NAMESPACE && !handled[CALLBACKS]
        ? this.directListeners(handlers)
        : null;
    if (direct) {
      for (const { message } of handlers) {
        socket.on(String(message), direct.get(String(message))!);
      }
      return;
    }
    // A second gateway on the same namespace adds its handlers after the first's.
    const offset = handled[CALLBACKS]?.length ?? 0;
    const callbacks = handlers.map(({ callback }) => callback as Callback);
    handled[CALLBACKS] = handled[CALLBACKS]?.concat(callbacks) ?? callbacks;
    handlers.forEach(({ message, isAckHandledManually }, index) => {
      const event = String(message);
      socket.on(
        event,
        this.listenerFor(event, offset + index, isAckHandledManually === true),
      );
    });
  }

  /** Shared listeners calling the gateway directly, if they cover every handler bound now. */
  private directListeners(
    handlers: MessageMappingProperties[],
  ): Map<string, SharedListener> | null {
    const direct = this.prepare();
    if (!direct) return null;
    const uncovered = handlers
      .filter(
        ({ message, isAckHandledManually }) =>
          isAckHandledManually || !direct.has(String(message)),
      )
      .map(({ message }) => String(message));
    if (uncovered.length === 0) return direct;
    if (!this.warnedUncovered) {
      this.warnedUncovered = true;
      this.logger.warn(
        `Handlers the fast path does not serve are bound on /chat (${uncovered.join(', ')}): Nest's handler context serves them, and the chat's own on sockets where they were bound first`,
      );
    }
    return null;
  }

  /**
   * Finds the gateway's direct listeners once (when the server is created,
   * so a handler the fast path cannot serve is named at start).
   */
  prepare(): Map<string, SharedListener> | null {
    this.direct ??= this.directListenersOf(this.resolveDirect());
    return this.direct;
  }

  private directListenersOf(
    handlers: Map<string, DirectHandler> | null,
  ): Map<string, SharedListener> | null {
    if (!handlers) return null;
    const listeners = new Map<string, SharedListener>();
    for (const [event, handler] of handlers) {
      const dispatch = this.dispatch.bind(
        this,
        this.metrics.meter(event),
        false,
      );
      const callback: Callback = function (data, ack) {
        return handler(this, data, ack);
      };
      listeners.set(event, function (...args: unknown[]) {
        dispatch(this, callback, args);
      });
    }
    return listeners;
  }

  private listenerFor(
    event: string,
    index: number,
    manualAck: boolean,
  ): SharedListener {
    const key = `${index}:${manualAck}:${event}`;
    let listener = this.sharedListeners.get(key);
    if (!listener) {
      const dispatch = this.dispatch.bind(
        this,
        this.metrics.meter(event),
        manualAck,
      );
      // Only registered on sockets that hold their callbacks.
      listener = function (this: BoundSocket, ...args: unknown[]) {
        dispatch(this, this[CALLBACKS][index], args);
      };
      this.sharedListeners.set(key, listener);
    }
    return listener;
  }

  private dispatch(
    meter: EventMeter,
    manualAck: boolean,
    socket: HandledSocket,
    callback: Callback,
    args: unknown[],
  ): void {
    let data: unknown;
    let ack: Ack | undefined;
    if (args.length === 2 && typeof args[1] === 'function') {
      // The usual event (a payload and an ack), as `mapPayload` would split it.
      data = args[0];
      ack = args[1] as Ack;
    } else {
      // As `fromEvent` would hand it over: one argument alone, several as an array.
      ({ data, ack } = this.mapPayload(args.length > 1 ? args : args[0]));
    }
    if (socket.nsp.name !== CHAT_NAMESPACE) {
      const timer = socket.nsp.name === ADMIN_NAMESPACE ? meter.start() : noop;
      this.handle(timer, manualAck, socket, callback, data, ack);
      return;
    }
    const inFlight = socket[IN_FLIGHT] ?? 0;
    if (inFlight >= this.limits.maxInFlight) {
      this.refuse(socket, meter.event, ack, 'Too many requests under way');
      return;
    }
    if (!this.limits.budget.take(socket as BudgetHolder)) {
      this.refuse(socket, meter.event, ack, 'Too many events; slow down');
      return;
    }
    socket[IN_FLIGHT] = inFlight + 1;
    this.handle(meter.start(), manualAck, socket, callback, data, ack, true);
  }

  private refuse(
    socket: Socket,
    event: string,
    ack: Ack | undefined,
    message: string,
  ): void {
    this.metrics.eventRefused(ErrorCode.RateLimited);
    answerRefusal(
      socket,
      event,
      new ChatError(ErrorCode.RateLimited, message),
      ack,
    );
  }

  /**
   * Calls the handler and answers what it returns: a value in the same
   * turn, a promise when it settles (two closures, for its outcomes), an
   * Observable once per value (as Nest's own adapter does).
   */
  private handle(
    timer: () => void,
    manualAck: boolean,
    socket: HandledSocket,
    callback: Callback,
    data: unknown,
    ack: Ack | undefined,
    inFlight = false,
  ): void {
    const reply = manualAck ? undefined : ack;
    let result: unknown;
    try {
      result = callback.call(socket, data, ack);
    } catch (error) {
      this.fail(socket, timer, inFlight, error);
      return;
    }
    if (!isThenable(result) && !isObservable(result)) {
      // Answered in the same turn: no promise for a handler that had none.
      this.answer(socket, result, reply, timer, inFlight);
      return;
    }
    Promise.resolve(result).then(
      (response) => {
        if (!isObservable(response)) {
          this.answer(socket, response, reply, timer, inFlight);
          return;
        }
        response.subscribe({
          next: (value) => respond(socket, value, reply),
          error: (error) => this.fail(socket, timer, inFlight, error),
          complete: () => this.finish(socket, timer, inFlight),
        });
      },
      (error: unknown) => this.fail(socket, timer, inFlight, error),
    );
  }

  /** Acks (or emits) a handler's value; one that cannot be sent (e.g. not encodable) is logged. */
  private answer(
    socket: HandledSocket,
    response: unknown,
    reply: Ack | undefined,
    timer: () => void,
    inFlight: boolean,
  ): void {
    try {
      respond(socket, response, reply);
    } catch (error) {
      this.fail(socket, timer, inFlight, error);
      return;
    }
    this.finish(socket, timer, inFlight);
  }

  /** An event is answered: its timing ends and it is no longer under way. */
  private finish(
    socket: HandledSocket,
    timer: () => void,
    inFlight: boolean,
  ): void {
    timer();
    if (inFlight) socket[IN_FLIGHT]!--;
  }

  private fail(
    socket: HandledSocket,
    timer: () => void,
    inFlight: boolean,
    error: unknown,
  ): void {
    this.finish(socket, timer, inFlight);
    this.logger.error(error);
  }
}
