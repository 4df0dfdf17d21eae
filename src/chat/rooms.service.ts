import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ChatMetrics, type MessageKind } from './metrics/chat-metrics.js';
import { ROOM_LIST_PAGE, SYSTEM_MEMBER } from './chat.constants.js';
import { ClientBudgets } from './limits/client-budgets.js';
import { newestWithin } from './limits/history-page.js';
import { CHAT_OPTIONS } from './chat-options.js';
import type { ResolvedChatOptions } from './chat-options.interface.js';
import { ErrorCode } from './contract/error-code.enum.js';
import type {
  HistoryResult,
  JoinResult,
  LeaveResult,
  Member,
  Message,
  PrivateMessage,
  RoomListResult,
  RoomListPayload,
} from './contract/events.js';
import { ChatError } from './errors/chat.error.js';
import {
  RoomsStore,
  type RoomsStoreEvents,
} from './store/rooms-store.interface.js';
import type {
  ChatTransport,
  Delivery,
} from './transport/chat-transport.interface.js';

/** A connected socket as the rules see it. */
export interface Connection {
  socketId: string;
  user: Member;
}

interface LocalConnection {
  user: Member;
  /** The client's address, for its network's message budget. */
  address: string;
  rooms: Set<string>;
  /** Rooms where this socket last said it is typing: only changes are delivered. */
  typingIn?: Set<string>;
}

/**
 * The chat's state and rules. Shared state (members, history, presence,
 * counters) lives in the `RoomsStore`; what belongs to one socket (its rooms
 * and rate budget) lives here, in the instance that holds the socket.
 */
@Injectable()
export class RoomsService {
  private readonly logger = new Logger(RoomsService.name);
  private readonly connections = new Map<string, LocalConnection>();
  /** Disconnect clean-ups still running, so a recovered socket waits for its own. */
  private readonly teardowns = new Map<string, Promise<void>>();
  private transport: ChatTransport | null = null;

  constructor(
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
    @Inject(RoomsStore) private readonly store: RoomsStore,
    private readonly budgets: ClientBudgets,
    @Optional()
    @Inject(ChatMetrics)
    private readonly metrics: ChatMetrics | null = null,
  ) {}

  /** Called by the gateway once its server is up. */
  attachTransport(transport: ChatTransport): void {
    this.transport = transport;
  }

  /** Registers a socket; `rooms` are the rooms it already holds (a recovered session). */
  async connect(
    connection: Connection,
    rooms: Iterable<string> = [],
    address = '',
  ) {
    await this.teardowns.get(connection.socketId);
    const local: LocalConnection = {
      user: connection.user,
      address,
      rooms: new Set(),
    };
    this.connections.set(connection.socketId, local);
    await this.store.addConnection(connection.socketId, connection.user);
    for (const room of rooms) {
      local.rooms.add(room);
      await this.addMember(connection, room);
    }
  }

  /** Forgets a socket: the other members of its rooms get `room:left`. */
  async disconnect(socketId: string): Promise<void> {
    const local = this.connections.get(socketId);
    if (!local) return;
    this.connections.delete(socketId);
    this.budgets.forget(socketId);
    const connection = { socketId, user: local.user };
    const teardown = Promise.all(
      Array.from(local.rooms, (room) => this.removeMember(connection, room)),
    )
      .then(() => this.store.removeConnection(socketId, local.user))
      .finally(() => this.teardowns.delete(socketId));
    this.teardowns.set(socketId, teardown);
    await teardown;
  }

  /** How the store reaches the rules from its background work. */
  readonly storeEvents: RoomsStoreEvents = {
    membersGone: (gone) => {
      for (const { room, member } of gone) {
        this.deliver({
          to: { room },
          event: 'room:left',
          payload: { room, member },
        });
      }
    },
    reconnected: () => this.registerAgain(),
  };

  /** Registers every local socket and membership in the store again (idempotent). */
  private async registerAgain(): Promise<void> {
    for (const [socketId, local] of this.connections) {
      await this.store.addConnection(socketId, local.user);
      for (const room of local.rooms) {
        await this.store.addMember(room, socketId, local.user);
      }
    }
  }

  /** Resolves once every disconnect clean-up under way has finished. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.teardowns.values());
  }

  async join(connection: Connection, room: string): Promise<JoinResult> {
    const local = this.local(connection);
    if (!local.rooms.has(room)) {
      if (local.rooms.size >= this.options.maxRoomsPerSocket) {
        throw new ChatError(
          ErrorCode.RoomLimit,
          `A socket may join at most ${this.options.maxRoomsPerSocket} rooms`,
        );
      }
      local.rooms.add(room);
      try {
        await this.addMember(connection, room);
      } catch (error) {
        local.rooms.delete(room);
        throw error;
      }
    }
    const [members, history] = await Promise.all([
      this.store.members(room),
      this.store.history(room, this.options.historyLimit),
    ]);
    return {
      room,
      members,
      history: newestWithin(history, this.options.maxHistoryPageBytes),
    };
  }

  async leave(connection: Connection, room: string): Promise<LeaveResult> {
    const local = this.requireMembership(connection, room);
    local.rooms.delete(room);
    local.typingIn?.delete(room);
    await this.removeMember(connection, room);
    return { room };
  }

  /** One page of rooms in name order, after `after`; `next` is where the next page starts. */
  async listRooms({
    after,
    limit = ROOM_LIST_PAGE,
  }: RoomListPayload = {}): Promise<RoomListResult> {
    const rooms = await this.store.rooms({ after, limit: limit + 1 });
    if (rooms.length <= limit) return { rooms };
    const page = rooms.slice(0, limit);
    return { rooms: page, next: page[page.length - 1].room };
  }

  async history(
    connection: Connection,
    room: string,
    limit = this.options.historyLimit,
  ): Promise<HistoryResult> {
    this.requireMembership(connection, room);
    return this.roomHistory(room, limit);
  }

  /** A room's history for anyone (the HTTP API); empty for an unknown room. */
  async roomHistory(room: string, limit = this.options.historyLimit) {
    if (limit > this.options.historyLimit) {
      throw ChatError.validation([
        {
          field: 'limit',
          errors: [
            `limit must not be greater than ${this.options.historyLimit}`,
          ],
        },
      ]);
    }
    const messages = await this.store.history(room, limit);
    return {
      room,
      messages: newestWithin(messages, this.options.maxHistoryPageBytes),
    };
  }

  async sendToRoom(connection: Connection, room: string, text: string) {
    this.requireMembership(connection, room);
    this.checkText(text);
    await this.consumeRate(connection);
    return this.postToRoom(room, text, connection.user);
  }

  /**
   * Posts into a room on behalf of `from` (the system member by default):
   * the path for HTTP pushes and for services of the host application.
   */
  async publishToRoom(
    room: string,
    text: string,
    from: Member = SYSTEM_MEMBER,
  ): Promise<Message> {
    this.checkText(text);
    return this.postToRoom(room, text, from);
  }

  async broadcast(connection: Connection, text: string, includeSelf = false) {
    this.checkText(text);
    await this.consumeRate(connection);
    const message = createMessage(null, connection.user, text);
    await this.accept('broadcast');
    this.deliver({
      to: { everyone: true },
      except: includeSelf ? undefined : connection.socketId,
      event: 'message:broadcast',
      payload: message,
    });
    return message;
  }

  async sendPrivate(connection: Connection, to: string, text: string) {
    this.checkText(text);
    if (!(await this.store.isUserConnected(to))) {
      throw new ChatError(ErrorCode.NotFound, `User ${to} is not connected`);
    }
    await this.consumeRate(connection);
    const message = createMessage(null, connection.user, text);
    await this.accept('private');
    const payload: PrivateMessage = { ...message, to };
    this.deliver({ to: { user: to }, event: 'message:private', payload });
    return message;
  }

  /** An announcement from the system member to every `/chat` client. */
  async announce(text: string): Promise<Message> {
    this.checkText(text);
    const message = createMessage(null, SYSTEM_MEMBER, text);
    await this.accept('announcement');
    this.deliver({
      to: { everyone: true },
      event: 'announcement',
      payload: message,
    });
    return message;
  }

  /**
   * Kicks the user's sockets on every instance: out of `room` (they get
   * `room:kicked`, the others `room:left`), or, without a room, off the
   * server. Resolves with the number of sockets affected.
   */
  async kick(userId: string, room?: string): Promise<number> {
    const [here, elsewhere] = await Promise.all([
      this.kickLocal(userId, room),
      this.transport?.kickOnPeers(userId, room) ?? 0,
    ]);
    return here + elsewhere;
  }

  /** `kick` for the sockets this instance holds. */
  async kickLocal(userId: string, room?: string): Promise<number> {
    const targets = [...this.connections]
      .filter(([, local]) => local.user.userId === userId)
      .filter(([, local]) => room === undefined || local.rooms.has(room));
    // Sessions stored before the kick must not bring the user back.
    if (room === undefined) this.transport?.revokeSessions(userId);
    for (const [socketId, local] of targets) {
      if (room === undefined) {
        this.transport?.disconnect(socketId);
        continue;
      }
      local.rooms.delete(room);
      local.typingIn?.delete(room);
      await this.removeMember({ socketId, user: local.user }, room);
      this.deliver({
        to: { socket: socketId },
        event: 'room:kicked',
        payload: { room },
      });
    }
    return targets.length;
  }

  /** Delivered only when the socket's state in the room changes; never kept for recovery. */
  typing(connection: Connection, room: string, typing: boolean): void {
    const local = this.requireMembership(connection, room);
    const typingIn = (local.typingIn ??= new Set());
    if (typingIn.has(room) === typing) return;
    if (typing) typingIn.add(room);
    else typingIn.delete(room);
    this.deliver({
      to: { room },
      except: connection.socketId,
      transient: true,
      event: 'typing',
      payload: { room, member: connection.user, typing },
    });
  }

  async stats() {
    const [connections, rooms, messages] = await Promise.all([
      this.store.connectionCount(),
      this.store.roomCount(),
      this.store.messageCount(),
    ]);
    return { connections, rooms, messages };
  }

  roomCount(): Promise<number> {
    return this.store.roomCount();
  }

  /** Sockets this instance tracks, for leak checks. */
  get localConnectionCount(): number {
    return this.connections.size;
  }

  private async addMember(connection: Connection, room: string) {
    const { firstOfUser } = await this.store.addMember(
      room,
      connection.socketId,
      connection.user,
    );
    this.transport?.subscribe(connection.socketId, room);
    if (firstOfUser) {
      this.deliver({
        to: { room },
        except: connection.socketId,
        event: 'room:joined',
        payload: { room, member: connection.user },
      });
    }
  }

  private async removeMember(connection: Connection, room: string) {
    this.transport?.unsubscribe(connection.socketId, room);
    const { lastOfUser } = await this.store.removeMember(
      room,
      connection.socketId,
      connection.user,
    );
    if (lastOfUser) {
      this.deliver({
        to: { room },
        event: 'room:left',
        payload: { room, member: connection.user },
      });
    }
  }

  private async postToRoom(room: string, text: string, from: Member) {
    const message = createMessage(room, from, text);
    await this.store.appendHistory(room, message, this.options.historyLimit);
    await this.accept('room');
    this.deliver({ to: { room }, event: 'message:new', payload: message });
    return message;
  }

  /** Counts an accepted message (shared counter and metrics). */
  private async accept(kind: MessageKind) {
    await this.store.countMessage();
    this.metrics?.messageAccepted(kind);
  }

  private checkText(text: string) {
    if (text.length > this.options.maxTextLength) {
      throw ChatError.validation([
        {
          field: 'text',
          errors: [
            `text must be at most ${this.options.maxTextLength} characters`,
          ],
        },
      ]);
    }
  }

  private consumeRate(connection: Connection) {
    const address = this.connections.get(connection.socketId)?.address ?? '';
    return this.budgets.takeMessage(connection.user.userId, address);
  }

  private local(connection: Connection): LocalConnection {
    const local = this.connections.get(connection.socketId);
    if (!local) {
      // A socket the rules do not know (closed meanwhile): refused quietly.
      throw new ChatError(
        ErrorCode.Unauthorized,
        'This connection is not registered; reconnect',
      );
    }
    return local;
  }

  private requireMembership(connection: Connection, room: string) {
    const local = this.local(connection);
    if (!local.rooms.has(room)) {
      throw new ChatError(ErrorCode.NotInRoom, `You have not joined ${room}`);
    }
    return local;
  }

  private deliver(delivery: Delivery) {
    if (this.transport) this.transport.deliver(delivery);
    else this.logger.warn(`No transport attached; ${delivery.event} dropped`);
  }
}

function createMessage(
  room: string | null,
  from: Member,
  text: string,
): Message {
  return { id: randomUUID(), room, from, text, at: Date.now() };
}
