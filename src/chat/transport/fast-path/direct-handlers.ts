import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants.js';
import { MESSAGE_METADATA } from '@nestjs/websockets/constants.js';
import type { Socket } from 'socket.io';
import type { WsAckExceptionFilter } from '../../errors/ws-ack-exception.filter.js';
import type { WsValidationPipe } from '../../errors/ws-validation.pipe.js';

/** Calls a gateway handler for one event of `socket`: its value, or a promise of it. */
export type DirectHandler = (
  socket: Socket,
  data: unknown,
  ack: unknown,
) => unknown;

/** The only enhancers a handler may have to be called directly. */
export interface DirectParts {
  pipeType: typeof WsValidationPipe;
  pipe: WsValidationPipe;
  filterType: typeof WsAckExceptionFilter;
  filter: WsAckExceptionFilter;
}

/**
 * What this file reads of Nest's `ApplicationConfig` (which Nest does not
 * export; `NestApplication` keeps it as `config`): the global enhancers,
 * registered with `useGlobal…` or as `APP_GUARD`, `APP_PIPE`… providers.
 */
interface GlobalEnhancers {
  getGlobalGuards(): unknown[];
  getGlobalInterceptors(): unknown[];
  getGlobalPipes(): unknown[];
  getGlobalRequestGuards(): unknown[];
  getGlobalRequestInterceptors(): unknown[];
  getGlobalRequestPipes(): unknown[];
}

/** Nest's `WsParamtype` values of `@ConnectedSocket()` and `@MessageBody()`. */
const SOCKET_PARAM = 0;
const PAYLOAD_PARAM = 3;

type Param =
  | { socket: true }
  | {
      socket: false;
      metatype: unknown;
      accept: (value: unknown) => object | null;
    };
type RouteArgs = Record<
  string,
  { index: number; data?: unknown; pipes?: unknown[] }
>;

const isEmpty = (list: unknown): boolean =>
  !Array.isArray(list) || list.length === 0;

/**
 * Whether the application has global guards, interceptors or pipes, which
 * Nest applies to every gateway event. `true` when it cannot tell (Nest
 * changed): only Nest's own path is safe then. Global filters do not
 * matter: the gateway's own filter catches everything first.
 */
export function hasGlobalEnhancers(app: object): boolean {
  const config = (app as { config?: Partial<GlobalEnhancers> }).config;
  const lists: (keyof GlobalEnhancers)[] = [
    'getGlobalGuards',
    'getGlobalInterceptors',
    'getGlobalPipes',
    'getGlobalRequestGuards',
    'getGlobalRequestInterceptors',
    'getGlobalRequestPipes',
  ];
  return lists.some((list) => {
    const read = config?.[list];
    return typeof read !== 'function' || !isEmpty(read.call(config));
  });
}

/** The handlers the fast path can call, and the ones it cannot (each with why). */
export interface DirectHandlers {
  handlers: Map<string, DirectHandler>;
  /** `Class.method (event): why`, empty when every handler can be called directly. */
  refused: string[];
}

/**
 * Event → the gateway method called as Nest would call it, for a gateway
 * whose handlers use nothing but `parts`: `@ConnectedSocket()`,
 * `@MessageBody(pipeType)` and the class filter `filterType`, no guard,
 * interceptor or other pipe. Any handler that uses more is named in
 * `refused`: Nest's context (guards, interceptors, pipes, filters, a dozen
 * promises per event) must then handle every event. The same rules,
 * validation and answers either way; `test/direct-dispatch.e2e-spec.ts`
 * holds the two paths to it.
 */
export function directHandlers(
  gateway: object,
  parts: DirectParts,
): DirectHandlers {
  const type = gateway.constructor;
  const handlers = new Map<string, DirectHandler>();
  const refused: string[] = [];
  const filters: unknown = Reflect.getMetadata(
    EXCEPTION_FILTERS_METADATA,
    type,
  );
  if (
    !Array.isArray(filters) ||
    filters.length !== 1 ||
    filters[0] !== parts.filterType ||
    !noEnhancers(type, false)
  ) {
    refused.push(
      `${type.name}: class enhancers other than @UseFilters(${parts.filterType.name})`,
    );
    return { handlers, refused };
  }
  const prototype = Object.getPrototypeOf(gateway) as object;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    // The descriptor's value: a getter is not run.
    const method: unknown = Object.getOwnPropertyDescriptor(
      prototype,
      name,
    )?.value;
    if (name === 'constructor' || typeof method !== 'function') continue;
    const event: unknown = Reflect.getMetadata(MESSAGE_METADATA, method);
    if (event === undefined) continue;
    // Socket.IO event names are strings; anything else is Nest's to map.
    if (typeof event !== 'string') {
      refused.push(`${type.name}.${name}: an event name that is not a string`);
      continue;
    }
    const where = `${type.name}.${name} (${event})`;
    const params = paramsOf(prototype, name, parts);
    if (!params) {
      refused.push(
        `${where}: parameters other than @ConnectedSocket() and @MessageBody(${parts.pipeType.name})`,
      );
    } else if (!noEnhancers(method, true)) {
      refused.push(
        `${where}: guards, interceptors, pipes or filters of its own`,
      );
    } else {
      handlers.set(
        event,
        directHandler(gateway, method as Method, params, event, parts),
      );
    }
  }
  return { handlers, refused };
}

type Method = (...values: unknown[]) => unknown;

/** No guard, interceptor or pipe (and, with `filters`, no filter) declared on the class or method. */
function noEnhancers(target: object, filters: boolean): boolean {
  const keys = [GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA];
  if (filters) keys.push(EXCEPTION_FILTERS_METADATA);
  return keys.every((key) => isEmpty(Reflect.getMetadata(key, target)));
}

/** The handler's parameters, if each is `@ConnectedSocket()` or `@MessageBody(pipeType)`. */
function paramsOf(
  prototype: object,
  name: string,
  parts: DirectParts,
): Param[] | null {
  const args = (Reflect.getMetadata(
    ROUTE_ARGS_METADATA,
    prototype.constructor,
    name,
  ) ?? {}) as RouteArgs;
  const types = (Reflect.getMetadata('design:paramtypes', prototype, name) ??
    []) as unknown[];
  const params: Param[] = [];
  for (const [key, { index, data, pipes }] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]);
    if (kind === SOCKET_PARAM && isEmpty(pipes)) {
      params[index] = { socket: true };
    } else if (
      kind === PAYLOAD_PARAM &&
      data === undefined &&
      pipes?.length === 1 &&
      pipes[0] === parts.pipeType
    ) {
      params[index] = {
        socket: false,
        metatype: types[index],
        accept: parts.pipe.acceptorFor(types[index]),
      };
    } else {
      return null;
    }
  }
  // Every position declared: a parameter without a decorator gets nothing from Nest either.
  return params.length === Object.keys(args).length ? params : null;
}

function directHandler(
  gateway: object,
  method: Method,
  params: Param[],
  event: string,
  { pipe, filter }: DirectParts,
): DirectHandler {
  // Made only when a promise is involved: the synchronous path allocates no closure.
  const refusal = (socket: Socket, ack: unknown) => (error: unknown) => {
    filter.answer(error, socket, event, ack);
    return undefined;
  };
  return (socket, data, ack) => {
    try {
      const values: unknown[] = [];
      let validating: Promise<unknown> | null = null;
      let bodyAt = -1;
      for (const param of params) {
        if (param.socket) {
          values.push(socket);
          continue;
        }
        // A payload its DTO's cheap check takes costs no promise.
        const accepted = param.accept(data);
        if (!accepted) {
          validating = pipe.transform(data, {
            type: 'body',
            metatype: param.metatype as never,
          });
          bodyAt = values.length;
        }
        values.push(accepted);
      }
      if (validating) {
        return validating
          .then((body) => {
            values[bodyAt] = body;
            return method.apply(gateway, values);
          })
          .catch(refusal(socket, ack));
      }
      const result = method.apply(gateway, values);
      return result instanceof Promise
        ? result.catch(refusal(socket, ack))
        : result;
    } catch (error) {
      return refusal(socket, ack)(error);
    }
  };
}
