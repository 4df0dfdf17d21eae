import { Test, type TestingModule } from '@nestjs/testing';
import { ChatModule } from '../module/chat.module.js';
import { ErrorCode } from '../contract/error-code.enum.js';
import { ChatError } from '../errors/chat.error.js';
import { RoomsService } from './rooms.service.js';
import { ConnectionRegistry, type Connection } from './connection-registry.js';
import { ChatDelivery } from './delivery.js';
import { MembershipService } from './membership.service.js';
import { ConnectionsService } from './connections.service.js';
import { MessagingService } from './messaging.service.js';
import { resolveChatOptions } from '../module/chat-options.js';
import { MemoryRoomsStore } from '../stores/memory/memory-rooms.store.js';
import { RoomsStore } from '../stores/rooms-store.interface.js';
import type {
  ChatTransport,
  Delivery,
} from '../transport/chat-transport.interface.js';

class RecordingTransport implements ChatTransport {
  readonly deliveries: Delivery[] = [];
  readonly subscriptions = new Map<string, Set<string>>();
  deliver(delivery: Delivery) {
    this.deliveries.push(delivery);
  }
  subscribe(socketId: string, room: string) {
    if (!this.subscriptions.has(socketId))
      this.subscriptions.set(socketId, new Set());
    this.subscriptions.get(socketId)!.add(room);
  }
  unsubscribe(socketId: string, room: string) {
    this.subscriptions.get(socketId)?.delete(room);
  }
  readonly disconnected: string[] = [];
  disconnect(socketId: string) {
    this.disconnected.push(socketId);
  }
  readonly revoked: string[] = [];
  revokeSessions(userId: string) {
    this.revoked.push(userId);
  }
  async kickOnPeers() {
    return 0;
  }
  async moderateOnPeers() {}
  async membershipOnPeers() {}
}

const alice: Connection = {
  socketId: 's-alice',
  user: { userId: 'u-alice', nickname: 'alice' },
};
const aliceTab: Connection = { socketId: 's-alice-2', user: alice.user };
const bob: Connection = {
  socketId: 's-bob',
  user: { userId: 'u-bob', nickname: 'bob' },
};

async function rejection(
  promise: Promise<unknown> | (() => unknown),
): Promise<ChatError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof ChatError) return error;
    throw error;
  }
  throw new Error('expected a ChatError');
}

describe('RoomsService', () => {
  let store: MemoryRoomsStore;
  let transport: RecordingTransport;
  let rooms: RoomsService;
  let registry: ConnectionRegistry;
  let membership: MembershipService;
  let connections: ConnectionsService;
  let messaging: MessagingService;

  let app: TestingModule;

  beforeEach(async () => {
    transport = new RecordingTransport();
    app = await Test.createTestingModule({
      imports: [
        ChatModule.forRoot({
          historyLimit: 3,
          maxTextLength: 10,
          rateLimit: 2,
          maxRoomsPerSocket: 2,
        }),
      ],
    }).compile();
    store = app.get<RoomsStore, MemoryRoomsStore>(RoomsStore);
    registry = app.get(ConnectionRegistry);
    membership = app.get(MembershipService);
    connections = app.get(ConnectionsService);
    messaging = app.get(MessagingService);
    rooms = app.get(RoomsService);
    app.get(ChatDelivery).attach(transport);
    for (const c of [alice, aliceTab, bob]) await connections.connect(c);
  });

  afterEach(() => app.close());

  it('subscribes a joining socket and announces the user once, to the others', async () => {
    await membership.join(alice, 'lobby');
    expect(transport.subscriptions.get(alice.socketId)).toEqual(
      new Set(['lobby']),
    );
    expect(transport.deliveries).toEqual([
      {
        to: { room: 'lobby' },
        except: alice.socketId,
        event: 'room:joined',
        payload: { room: 'lobby', member: alice.user },
      },
    ]);
    const second = await membership.join(aliceTab, 'lobby');
    expect(second.members).toEqual([{ ...alice.user, online: true }]);
    expect(transport.deliveries).toHaveLength(1);
  });

  it('a user leaves a room only when its last socket does', async () => {
    await membership.join(alice, 'lobby');
    await membership.join(aliceTab, 'lobby');
    transport.deliveries.length = 0;
    await membership.leave(alice, 'lobby');
    expect(transport.deliveries).toEqual([]);
    await connections.disconnect(aliceTab.socketId);
    expect(transport.deliveries).toEqual([
      {
        to: { room: 'lobby' },
        except: aliceTab.socketId,
        event: 'room:left',
        payload: { room: 'lobby', member: alice.user },
      },
    ]);
    expect(await rooms.listRooms()).toEqual({ rooms: [] });
  });

  it('keeps the newest messages up to the history limit', async () => {
    await membership.join(alice, 'lobby');
    for (const text of ['a', 'b'])
      await messaging.sendToRoom(alice, { room: 'lobby', text });
    for (const text of ['c', 'd']) await rooms.publishToRoom('lobby', text);
    const { messages, hasMore } = await messaging.history(alice, 'lobby', {});
    expect(messages.map((m) => [m.text, m.seq])).toEqual([
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ]);
    expect(hasMore).toBe(false);
    expect(messages[2].from).toEqual({ userId: 'system', nickname: 'system' });
    const newest = await messaging.history(alice, 'lobby', { limit: 1 });
    expect(newest.messages.map((m) => m.text)).toEqual(['d']);
    expect(newest.hasMore).toBe(true);
  });

  it('refuses without changing state', async () => {
    expect(
      (
        await rejection(() =>
          messaging.sendToRoom(bob, { room: 'lobby', text: 'hi' }),
        )
      ).code,
    ).toBe(ErrorCode.NotInRoom);
    expect((await rejection(membership.leave(bob, 'lobby'))).code).toBe(
      ErrorCode.NotInRoom,
    );
    expect(
      (await rejection(() => messaging.typing(bob, 'lobby', true))).code,
    ).toBe(ErrorCode.NotInRoom);
    await membership.join(bob, 'one');
    await membership.join(bob, 'two');
    expect((await rejection(membership.join(bob, 'three'))).code).toBe(
      ErrorCode.RoomLimit,
    );
    expect(
      (
        await rejection(() =>
          messaging.sendToRoom(bob, { room: 'one', text: 'x'.repeat(11) }),
        )
      ).code,
    ).toBe(ErrorCode.ValidationFailed);
    expect(
      (await rejection(messaging.sendPrivate(bob, 'nobody', 'hi'))).code,
    ).toBe(ErrorCode.NotFound);
    expect((await rejection(rooms.history('one', { limit: 4 }))).code).toBe(
      ErrorCode.ValidationFailed,
    );
    expect((await rooms.listRooms()).rooms.map((r) => r.room).sort()).toEqual([
      'one',
      'two',
    ]);
    expect(await rooms.stats()).toEqual({
      connections: 3,
      rooms: 2,
      messages: 0,
    });
  });

  it('counts the rate per socket and only accepted messages', async () => {
    await membership.join(bob, 'one');
    await rejection(() =>
      messaging.sendToRoom(bob, { room: 'one', text: 'x'.repeat(11) }),
    );
    await messaging.sendToRoom(bob, { room: 'one', text: '1' });
    await messaging.broadcast(bob, '2');
    expect((await rejection(messaging.broadcast(bob, '3'))).code).toBe(
      ErrorCode.RateLimited,
    );
    await messaging.broadcast(alice, 'other');
    expect((await rooms.stats()).messages).toBe(3);
  });

  it('a recovered connection gets its rooms back and is announced again', async () => {
    await membership.join(alice, 'lobby');
    await connections.disconnect(alice.socketId);
    transport.deliveries.length = 0;
    await connections.connect(alice, ['lobby']);
    expect(transport.deliveries.map((d) => d.event)).toEqual(['room:joined']);
    expect((await membership.join(alice, 'lobby')).members).toEqual([
      { ...alice.user, online: true },
    ]);
    expect(await rooms.listRooms()).toEqual({
      rooms: [{ room: 'lobby', members: 1 }],
    });
  });

  it('forgets every connection on disconnect', async () => {
    await membership.join(alice, 'lobby');
    await membership.join(bob, 'lobby');
    for (const c of [alice, aliceTab, bob])
      await connections.disconnect(c.socketId);
    expect(registry.size).toBe(0);
    expect(store.size()).toEqual({ rooms: 0, users: 0, connections: 0 });
  });
});

describe('resolveChatOptions', () => {
  it.each([
    ['historyLimit', 0],
    ['maxTextLength', 1.5],
    ['rateLimit', -1],
    ['recoveryWindowMs', -5],
  ])('refuses %s = %s, naming it', (name, value) => {
    expect(() => resolveChatOptions({ [name]: value })).toThrow(
      new RegExp(`option ${name} must be an integer`),
    );
  });

  it('accepts 0 where 0 turns a feature off', () => {
    expect(
      resolveChatOptions({ rateLimit: 0, recoveryWindowMs: 0 }),
    ).toMatchObject({
      rateLimit: 0,
      recoveryWindowMs: 0,
    });
  });
});

/** The behaviour every store shares is in `test/rooms-store.contract.spec.ts`. */
describe('MemoryRoomsStore', () => {
  it('leaves no entry behind once everyone has gone', async () => {
    const store = new MemoryRoomsStore();
    const member = { userId: 'u', nickname: 'n' };
    for (const socket of ['s1', 's2']) {
      await store.addConnection(socket, member);
      await store.addMember('r', socket, member);
    }
    for (const socket of ['s1', 's2']) {
      await store.removeMember('r', socket, member);
      await store.removeConnection(socket, member);
    }
    expect(store.size()).toEqual({ rooms: 0, users: 0, connections: 0 });
  });
});
