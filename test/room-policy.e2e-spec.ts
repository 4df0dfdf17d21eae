import {
  ForbiddenException,
  Injectable,
  Logger,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { WsException } from '@nestjs/websockets';
import type { ChatRoomPolicy, Member } from '../src/index.js';
import {
  adminCall,
  ChatHarness,
  request,
  requestOk,
  type ChatClient,
} from './support/harness.js';

/** A host service the policy injects: which posts exist, and the questions asked. */
@Injectable()
class PostAccess {
  readonly asked: string[] = [];
  readonly drafts = new Map([['2', 'u-author']]);
}

/** A host's policy class, resolved through Nest's DI (it injects `PostAccess`). */
@Injectable()
class PostRoomPolicy implements ChatRoomPolicy {
  constructor(private readonly posts: PostAccess) {}

  canJoin(user: Member, room: string) {
    this.posts.asked.push(`join ${user.nickname} ${room}`);
    if (room === 'closed') return false;
    const author = this.posts.drafts.get(room.replace('post:', ''));
    if (author && author !== user.userId) {
      throw new ForbiddenException('This post is a draft');
    }
    return true;
  }

  async canSend(user: Member, room: string) {
    await new Promise((resolve) => setImmediate(resolve));
    return room !== 'read-only';
  }

  canRead(_user: Member, room: string) {
    return room !== 'no-history';
  }
}

const codeAndMessage = async (
  socket: ChatClient,
  event: string,
  payload: unknown,
) => {
  const answer = await request(socket, event, payload);
  return answer.ok
    ? 'accepted'
    : `${answer.error.code}: ${answer.error.message}`;
};

const signedIn = ({ auth }: { auth: Record<string, unknown> }) =>
  typeof auth.user === 'string'
    ? { userId: `u-${auth.user}`, nickname: auth.user }
    : null;

describe('the room policy (a host provider)', () => {
  let chat: ChatHarness;
  let reader: ChatClient;
  afterEach(() => chat.close());

  beforeEach(async () => {
    chat = await ChatHarness.start(
      { policy: PostRoomPolicy, authenticate: signedIn, adminToken: 'pt' },
      { host: { providers: [PostAccess, PostRoomPolicy] } },
    );
    reader = (await chat.connectWith({ user: 'reader' })).client;
  });

  it('is asked before joins: false and ForbiddenException are FORBIDDEN with their message', async () => {
    expect(await codeAndMessage(reader, 'room:join', { room: 'closed' })).toBe(
      'FORBIDDEN: You may not join this room',
    );
    expect(await codeAndMessage(reader, 'room:join', { room: 'post:2' })).toBe(
      'FORBIDDEN: This post is a draft',
    );
    const author = (await chat.connectWith({ user: 'author' })).client;
    await requestOk(author, 'room:join', { room: 'post:2' });
    await requestOk(reader, 'room:join', { room: 'post:1' });
    expect(await chat.rooms.members('post:2')).toEqual([
      { userId: 'u-author', nickname: 'author' },
    ]);
  });

  it('is asked before sends (async) and history reads', async () => {
    await requestOk(reader, 'room:join', { room: 'read-only' });
    expect(
      await codeAndMessage(reader, 'message:send', {
        room: 'read-only',
        text: 'x',
      }),
    ).toBe('FORBIDDEN: You may not post in this room');
    expect(await chat.rooms.history('read-only')).toMatchObject({
      messages: [],
    });
    await requestOk(reader, 'room:join', { room: 'no-history' });
    expect(
      await codeAndMessage(reader, 'room:history', { room: 'no-history' }),
    ).toBe('FORBIDDEN: You may not read this room');
  });

  it('comes after bans: a banned user is refused without asking the policy', async () => {
    const admin = await chat.admin('pt');
    await adminCall(admin, 'admin:ban', { userId: 'u-reader', room: 'post:1' });
    const posts = chat.app.get(PostAccess);
    posts.asked.length = 0;
    expect(
      await codeAndMessage(reader, 'room:join', { room: 'post:1' }),
    ).toMatch(/^FORBIDDEN: You are banned from post:1/);
    expect(posts.asked).toEqual([]);
  });
});

/** A host's global guard on every gateway event. */
@Injectable()
class RoomGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { room } = context.switchToWs().getData<{ room?: string }>() ?? {};
    if (room === 'guard-false') return false;
    if (room === 'guard-forbidden')
      throw new ForbiddenException('Guard says no');
    if (room === 'guard-ws') throw new WsException('Not today');
    return true;
  }
}

describe('a host’s APP_GUARD', () => {
  let chat: ChatHarness;
  const errorLog = Logger.prototype.error;
  let errors: unknown[][];
  beforeEach(() => {
    errors = [];
    Logger.prototype.error = (...args: unknown[]) => void errors.push(args);
  });
  afterEach(async () => {
    Logger.prototype.error = errorLog;
    await chat.close();
  });

  it.each([
    ['guard-false', 'FORBIDDEN: Forbidden resource'],
    ['guard-forbidden', 'FORBIDDEN: Guard says no'],
    ['guard-ws', 'FORBIDDEN: Not today'],
  ])(
    'a refusal (%s) is answered %j, not logged as an error',
    async (room, answer) => {
      chat = await ChatHarness.start(
        {},
        { host: { providers: [{ provide: APP_GUARD, useClass: RoomGuard }] } },
      );
      const { client } = await chat.connect('ann');
      expect(await codeAndMessage(client, 'room:join', { room })).toBe(answer);
      await requestOk(client, 'room:join', { room: 'open' });
      expect(errors).toEqual([]);
      expect(client.connected).toBe(true);
    },
  );
});
