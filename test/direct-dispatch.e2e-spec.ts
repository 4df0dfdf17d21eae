import {
  Injectable,
  UseFilters,
  UseGuards,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  type NestInterceptor,
  type PipeTransform,
} from '@nestjs/common';
import { APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { MessageBody, SubscribeMessage } from '@nestjs/websockets';
import { tap, type Observable } from 'rxjs';
import { ChatGateway } from '../src/chat/gateways/chat.gateway.js';
import { WsAckExceptionFilter } from '../src/chat/errors/ws-ack-exception.filter.js';
import { WsValidationPipe } from '../src/chat/errors/ws-validation.pipe.js';
import { ChatMetrics } from '../src/chat/metrics/chat-metrics.js';
import {
  directHandlers,
  hasGlobalEnhancers,
  type DirectParts,
} from '../src/chat/transport/fast-path/direct-handlers.js';
import { FastPath } from '../src/chat/transport/fast-path/fast-path.js';
import { ChatHarness, request, requestOk } from './support/harness.js';

const parts: DirectParts = {
  pipeType: WsValidationPipe,
  pipe: new WsValidationPipe(),
  filterType: WsAckExceptionFilter,
  filter: new WsAckExceptionFilter(new ChatMetrics()),
};
const gatewayLike = (type: { prototype: object }) =>
  Object.create(type.prototype) as object;

describe('direct dispatch of /chat events', () => {
  it('calls every handler of the shipped gateway without Nest’s context', () => {
    const { handlers, refused } = directHandlers(
      gatewayLike(ChatGateway),
      parts,
    );
    expect(refused).toEqual([]);
    expect([...handlers.keys()].sort()).toEqual([
      'dm:open',
      'inbox:list',
      'message:broadcast',
      'message:delete',
      'message:edit',
      'message:private',
      'message:react',
      'message:send',
      'room:history',
      'room:join',
      'room:leave',
      'room:list',
      'room:read',
      'room:search',
      'session:refresh',
      'typing',
    ]);
  });

  it('leaves a gateway with more than the validation pipe and the ack filter to Nest', () => {
    @UseFilters(WsAckExceptionFilter)
    class Guarded {
      @UseGuards(
        class implements CanActivate {
          canActivate = () => true;
        },
      )
      @SubscribeMessage('x')
      handle(@MessageBody(WsValidationPipe) body: object) {
        return body;
      }
    }
    expect(directHandlers(gatewayLike(Guarded), parts).refused).toEqual([
      'Guarded.handle (x): guards, interceptors, pipes or filters of its own',
    ]);
    class Unfiltered {
      @SubscribeMessage('y')
      handle(@MessageBody(WsValidationPipe) body: object) {
        return body;
      }
    }
    expect(directHandlers(gatewayLike(Unfiltered), parts).refused).toEqual([
      'Unfiltered: class enhancers other than @UseFilters(WsAckExceptionFilter)',
    ]);
  });

  @Injectable()
  class SeenEvents implements NestInterceptor {
    static events: string[] = [];
    intercept(
      context: ExecutionContext,
      next: CallHandler,
    ): Observable<unknown> {
      const event = String(context.switchToWs().getPattern());
      return next.handle().pipe(tap(() => SeenEvents.events.push(event)));
    }
  }

  /** Turns every text to upper case: a global pipe sees chat payloads too. */
  @Injectable()
  class ShoutingPipe implements PipeTransform {
    transform(value: unknown) {
      if (typeof value !== 'object' || value === null) return value;
      const text = (value as { text?: unknown }).text;
      return typeof text === 'string'
        ? { ...value, text: text.toUpperCase() }
        : value;
    }
  }

  let chat: ChatHarness | undefined;
  afterEach(async () => {
    await chat?.close();
    chat = undefined;
  });

  it('serves the chat’s handlers directly unless fastPath is false', async () => {
    chat = await ChatHarness.start({ fastPath: true });
    expect(chat.app.get(FastPath).handlersFor(chat.app)?.size).toBe(16);
    await chat.close();
    chat = await ChatHarness.start({ fastPath: false });
    expect(chat.app.get(FastPath).handlersFor(chat.app)).toBeNull();
    const { client } = await chat.connect('ann');
    await requestOk(client, 'room:join', { room: 'lobby' });
    const sent = await requestOk<{ message: { text: string } }>(
      client,
      'message:send',
      { room: 'lobby', text: '  trimmed  ' },
    );
    expect(sent.message.text).toBe('trimmed');
  });

  it('reads the app’s global enhancers (without any, events are dispatched directly)', async () => {
    chat = await ChatHarness.start();
    expect(hasGlobalEnhancers(chat.app)).toBe(false);
    await chat.close();
    chat = await ChatHarness.start(
      {},
      {
        host: {
          providers: [{ provide: APP_INTERCEPTOR, useClass: SeenEvents }],
        },
      },
    );
    expect(hasGlobalEnhancers(chat.app)).toBe(true);
  });

  it('lets a host’s global interceptor see every chat event, answered the same', async () => {
    SeenEvents.events = [];
    chat = await ChatHarness.start(
      { rateLimit: 0 },
      {
        host: {
          providers: [{ provide: APP_INTERCEPTOR, useClass: SeenEvents }],
        },
      },
    );
    const { client } = await chat.connect('ann');
    await requestOk(client, 'room:join', { room: 'lobby' });
    await requestOk(client, 'message:send', { room: 'lobby', text: 'hi' });
    const refused = await request(client, 'message:send', { room: 'lobby' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(SeenEvents.events).toEqual(['room:join', 'message:send']);
  });

  it('lets a host’s global pipe see chat payloads', async () => {
    chat = await ChatHarness.start(
      { rateLimit: 0 },
      { host: { providers: [{ provide: APP_PIPE, useClass: ShoutingPipe }] } },
    );
    const { client } = await chat.connect('ann');
    await requestOk(client, 'room:join', { room: 'lobby' });
    const sent = await requestOk<{ message: { text: string } }>(
      client,
      'message:send',
      { room: 'lobby', text: 'quiet' },
    );
    expect(sent.message.text).toBe('QUIET');
  });
});
