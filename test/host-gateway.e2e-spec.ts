import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  Ack,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WsException,
} from '@nestjs/websockets';
import { of, type Observable } from 'rxjs';
import { io, type Socket } from 'socket.io-client';
import { ChatModule, useChat } from '../src/index.js';
import { WAIT_MS, within } from './support/harness.js';

/** The next `event` on the host's untyped socket. */
const next = (socket: Socket, event: string): Promise<unknown> =>
  within(new Promise((resolve) => socket.once(event, resolve)));

/** A host application's own gateway, served by the chat's adapter. */
@WebSocketGateway({ namespace: '/host' })
class HostGateway {
  @SubscribeMessage('value')
  value(@MessageBody() body: number) {
    return { doubled: body * 2 };
  }

  @SubscribeMessage('promise')
  async promise(@MessageBody() body: number) {
    await new Promise((resolve) => setImmediate(resolve));
    return { doubled: body * 2 };
  }

  @SubscribeMessage('emit')
  emit(@MessageBody() body: number) {
    return { event: 'emitted', data: body };
  }

  @SubscribeMessage('stream')
  stream(): Observable<{ event: string; data: number }> {
    return of({ event: 'tick', data: 1 }, { event: 'tick', data: 2 });
  }

  @SubscribeMessage('manual')
  manual(@MessageBody() body: number, @Ack() ack: (answer: unknown) => void) {
    ack({ manual: body });
    return { ignored: true };
  }

  @SubscribeMessage('refuse')
  refuse() {
    throw new WsException('refused by the host');
  }
}

/** A second gateway on the same namespace: its handlers join the first's on each socket. */
@WebSocketGateway({ namespace: '/host' })
class HostExtrasGateway {
  @SubscribeMessage('triple')
  triple(@MessageBody() body: number) {
    return { tripled: body * 3 };
  }

  /** The same event as `HostGateway.emit`: each gateway's handler runs once. */
  @SubscribeMessage('emit')
  emit(@MessageBody() body: number) {
    return { event: 'emitted by extras', data: body };
  }
}

@Module({
  imports: [ChatModule.forRoot({})],
  providers: [HostGateway, HostExtrasGateway],
})
class HostModule {}

/**
 * `ChatIoAdapter` answers events itself (no rxjs chain per socket): a host's
 * gateways keep Nest's behaviour for every kind of handler result.
 */
describe('a host gateway behind ChatIoAdapter', () => {
  let app: INestApplication;
  let client: Socket;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [HostModule],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    useChat(app);
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    client = io(`${url}/host`, {
      transports: ['websocket'],
      reconnection: false,
    });
    await next(client, 'connect');
  });
  afterAll(async () => {
    client.disconnect();
    await app.close();
  });

  const ask = (event: string, body: number) =>
    client.timeout(WAIT_MS).emitWithAck(event, body);

  it('acknowledges a returned value', async () => {
    await expect(ask('value', 21)).resolves.toEqual({ doubled: 42 });
  });

  it('serves two gateways of one namespace on the same socket', async () => {
    await expect(ask('triple', 5)).resolves.toEqual({ tripled: 15 });
    await expect(ask('value', 5)).resolves.toEqual({ doubled: 10 });
  });

  it('runs the handler of each gateway once for an event both subscribe', async () => {
    const received: string[] = [];
    const record = (event: string) => received.push(event);
    client.onAny(record);
    client.emit('emit', 9);
    // Events on one socket arrive in order: the ack comes after both emits.
    await ask('value', 1);
    client.offAny(record);
    expect(received.sort()).toEqual(['emitted', 'emitted by extras']);
  });

  it('acknowledges what a returned promise resolves to', async () => {
    await expect(ask('promise', 4)).resolves.toEqual({ doubled: 8 });
  });

  it('emits `{ event, data }` to the sender instead of acknowledging', async () => {
    const emitted = next(client, 'emitted');
    client.emit('emit', 7);
    await expect(emitted).resolves.toBe(7);
  });

  it('emits every value of a returned Observable', async () => {
    const ticks: number[] = [];
    const both = within(
      new Promise<void>((resolve) => {
        const onTick = (value: number) => {
          ticks.push(value);
          if (ticks.length === 2) {
            client.off('tick', onTick);
            resolve();
          }
        };
        client.on('tick', onTick);
      }),
    );
    client.emit('stream');
    await both;
    expect(ticks).toEqual([1, 2]);
  });

  it('leaves the ack to a handler that takes it with @Ack()', async () => {
    await expect(ask('manual', 3)).resolves.toEqual({ manual: 3 });
  });

  it('passes a thrown WsException to Nest’s filter, connection intact', async () => {
    const exception = next(client, 'exception');
    client.emit('refuse');
    await expect(exception).resolves.toMatchObject({
      status: 'error',
      message: 'refused by the host',
    });
    await expect(ask('value', 1)).resolves.toEqual({ doubled: 2 });
  });
});
