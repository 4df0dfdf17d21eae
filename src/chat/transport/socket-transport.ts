import { Logger } from '@nestjs/common';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import type { MembershipChange } from './chat-transport.interface.js';
import type { ModerationChange } from '../services/moderation.service.js';
import type { ChatNamespace } from './chat-socket.js';
import type { ChatTransport, Delivery } from './chat-transport.interface.js';
import type { SessionRevocations } from './session-revocations.js';
import { chatRoomKey, userRoomKey } from './socket-rooms.js';

type RoomOperator = ReturnType<ChatNamespace['to']>;

/** Rooms whose broadcast operator is kept; past it, the kept ones are dropped. */
const KEPT_ROOM_OPERATORS = 10_000;

/** What this instance does when another one asks. */
export interface PeerRequests {
  kick(userId: string, room?: string): Promise<number>;
  moderate(change: ModerationChange): void;
  membership(change: MembershipChange): void;
}

/**
 * The rules' deliveries and subscriptions as Socket.IO operations on the
 * `/chat` namespace, and the requests instances send each other through
 * the adapter (kicks, bans and mutes).
 */
export class SocketTransport implements ChatTransport {
  private readonly logger = new Logger('Chat');
  /**
   * Each room's broadcast operator, built once: `to()` copies its room sets
   * and builds two operators per call, and the adapter then hashes a fresh
   * key string (BENCHMARKS.md, "Levers"). Operators are immutable.
   */
  private readonly roomOperators = new Map<string, RoomOperator>();

  constructor(
    private readonly server: ChatNamespace,
    private readonly options: ResolvedChatOptions,
    private readonly revocations: SessionRevocations,
  ) {}

  /** Answers the other instances' requests. */
  answerPeers(requests: PeerRequests): void {
    this.server.on('chat:kick', ({ userId, room }, reply) => {
      // The adapter's encoding turns an absent room into `null`.
      requests.kick(userId, room ?? undefined).then(reply, (error: unknown) => {
        this.logger.error('A kick asked by another instance failed', error);
        reply(0);
      });
    });
    this.server.on('chat:moderate', (change, reply) => {
      requests.moderate(change);
      reply(1);
    });
    this.server.on('chat:membership', (change, reply) => {
      requests.membership(change);
      reply(1);
    });
  }

  deliver({
    to,
    except,
    exceptUser,
    event,
    payload,
    transient,
  }: Delivery): void {
    const target =
      'room' in to
        ? this.roomOperator(to.room)
        : 'user' in to
          ? this.server.to(this.userRoomOf(to.user))
          : 'socket' in to
            ? this.server.to(to.socket)
            : this.server;
    const excepted =
      exceptUser !== undefined
        ? target.except(this.userRoomOf(exceptUser))
        : except === undefined
          ? target
          : target.except(except);
    const operator = transient ? excepted.volatile : excepted;
    // `event` and `payload` are matched by the `Delivery` union; the emit
    // overloads cannot follow a union, so the pair is passed on as is.
    (operator.emit as (event: string, payload: unknown) => boolean)(
      event,
      payload,
    );
  }

  private roomOperator(room: string): RoomOperator {
    let operator = this.roomOperators.get(room);
    if (!operator) {
      if (this.roomOperators.size >= KEPT_ROOM_OPERATORS) {
        this.roomOperators.clear();
      }
      operator = this.server.to(chatRoomKey(room));
      this.roomOperators.set(room, operator);
    }
    return operator;
  }

  /**
   * The room that reaches every socket of a user. With the default identity
   * a user is one socket (its `userId` is the socket id), so the socket's own
   * room serves and no room is added per connection.
   */
  userRoomOf(userId: string): string {
    return this.options.authenticate ? userRoomKey(userId) : userId;
  }

  subscribe(socketId: string, room: string): void {
    void this.server.sockets.get(socketId)?.join(chatRoomKey(room));
  }

  unsubscribe(socketId: string, room: string): void {
    void this.server.sockets.get(socketId)?.leave(chatRoomKey(room));
  }

  revokeSessions(userId: string): void {
    this.revocations.revoke(userId);
  }

  /** Only the `/chat` socket: the client's other namespaces (a host's own) stay connected. */
  disconnect(socketId: string): void {
    this.server.sockets.get(socketId)?.disconnect();
  }

  async kickOnPeers(userId: string, room?: string): Promise<number> {
    const counts = await this.askPeers('chat:kick', { userId, room }, 'kick');
    return counts.reduce((sum: number, count) => sum + Number(count), 0);
  }

  async moderateOnPeers(change: ModerationChange): Promise<void> {
    await this.askPeers('chat:moderate', change, 'ban or mute');
  }

  async membershipOnPeers(change: MembershipChange): Promise<void> {
    await this.askPeers('chat:membership', change, 'membership change');
  }

  /**
   * Asks every other instance (none without Redis). An instance that did
   * not answer in time (the adapter's `requestsTimeout`) is left out; the
   * others' answers still hold.
   */
  private async askPeers(
    event: 'chat:kick' | 'chat:moderate' | 'chat:membership',
    request: object,
    what: string,
  ): Promise<unknown[]> {
    if (!this.options.redis) return [];
    // The event and its request are paired by `PeerEvents`; the overloads cannot follow a union.
    const ask = this.server.serverSideEmitWithAck.bind(this.server) as (
      event: string,
      request: object,
    ) => Promise<unknown[]>;
    return ask(event, request).catch(
      (error: Error & { responses?: unknown[] }) => {
        this.logger.warn(
          `Not every instance answered a ${what}: ${error.message}`,
        );
        return error.responses ?? [];
      },
    );
  }
}
