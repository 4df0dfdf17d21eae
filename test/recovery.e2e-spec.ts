import type { Message } from '../src/index.js';
import {
  ChatHarness,
  collect,
  disconnectReason,
  dropAndRecover,
  requestOk,
  settle,
  waitFor,
  within,
} from './support/harness.js';

describe('connection state recovery (memory store)', () => {
  let chat: ChatHarness;
  beforeEach(async () => {
    chat = await ChatHarness.start({ rateLimit: 0 });
  });
  afterEach(() => chat.close());

  it('a dropped client keeps its id and rooms, gets what it missed in order, and is a member once', async () => {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(alice.client, 'room:join', { room: 'second' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    const aliceGets = collect(alice.client, 'message:new');
    await requestOk(bob.client, 'message:send', {
      room: 'lobby',
      text: 'before',
    });
    const id = alice.client.id;

    const left = waitFor(bob.client, 'room:left');
    const joinedAgain = waitFor(bob.client, 'room:joined', 5000);
    await dropAndRecover(alice.client, async () => {
      expect(await left).toEqual({
        room: 'lobby',
        member: { userId: alice.session.userId, nickname: 'alice' },
      });
      for (const text of ['missed 1', 'missed 2', 'missed 3']) {
        await requestOk(bob.client, 'message:send', { room: 'lobby', text });
      }
    });

    expect(alice.client.recovered).toBe(true);
    expect(alice.client.id).toBe(id);
    expect(await joinedAgain).toEqual({
      room: 'lobby',
      member: { userId: alice.session.userId, nickname: 'alice' },
    });
    await settle(alice.client);
    expect(aliceGets.map((m: Message) => m.text)).toEqual([
      'before',
      'missed 1',
      'missed 2',
      'missed 3',
    ]);

    const { rooms } = await requestOk<{
      rooms: { room: string; members: number }[];
    }>(alice.client, 'room:list');
    expect(rooms).toEqual(
      expect.arrayContaining([
        { room: 'lobby', members: 2 },
        { room: 'second', members: 1 },
      ]),
    );
    const joined = await requestOk<{ members: unknown[] }>(
      alice.client,
      'room:join',
      {
        room: 'lobby',
      },
    );
    expect(joined.members).toHaveLength(2);

    // Later messages flow both ways, and the recovered socket can still send.
    await requestOk(bob.client, 'message:send', {
      room: 'lobby',
      text: 'after',
    });
    const toBob = waitFor(bob.client, 'message:new');
    await requestOk(alice.client, 'message:send', {
      room: 'lobby',
      text: 'alice is back',
    });
    expect((await toBob).text).toBe('alice is back');
    await settle(alice.client);
    expect(aliceGets.map((m) => m.text).slice(-2)).toEqual([
      'after',
      'alice is back',
    ]);
    expect(chat.localConnections).toBe(2);
  });

  it('a kick without a room is not recoverable', async () => {
    await chat.close();
    chat = await ChatHarness.start({ adminToken: 'token' });
    const alice = await chat.connect('alice', {
      reconnection: true,
      reconnectionDelay: 50,
    });
    const admin = await chat.admin('token');
    const reason = disconnectReason(alice.client);
    await within(
      admin.emitWithAck('admin:kick', { userId: alice.session.userId }),
    );
    expect(await reason).toBe('io server disconnect');
    expect(alice.client.active).toBe(false);
  });

  it('is off with a window of 0', async () => {
    await chat.close();
    chat = await ChatHarness.start({ recoveryWindowMs: 0 });
    const alice = await chat.connect('alice');
    const id = alice.client.id;
    await dropAndRecover(alice.client, async () => undefined);
    expect(alice.client.recovered).toBeFalsy();
    expect(alice.client.id).not.toBe(id);
  });
});
