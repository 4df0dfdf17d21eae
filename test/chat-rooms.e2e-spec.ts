import { ErrorCode, type JoinResult, type Member } from '../src/index.js';
import {
  ChatHarness,
  collect,
  request,
  requestOk,
  settle,
  waitFor,
} from './support/harness.js';

describe('rooms (/chat)', () => {
  let chat: ChatHarness;

  beforeEach(async () => {
    chat = await ChatHarness.start({ historyLimit: 5, maxRoomsPerSocket: 3 });
  });
  afterEach(() => chat.close());

  const member = (session: { userId: string; nickname: string }): Member => ({
    userId: session.userId,
    nickname: session.nickname,
  });

  it('room:join acks members and history, and tells the others', async () => {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    const first = await requestOk<JoinResult>(alice.client, 'room:join', {
      room: 'lobby',
    });
    expect(first).toEqual({
      room: 'lobby',
      members: [{ ...member(alice.session), online: true }],
      memberCount: 1,
      history: [],
      latestSeq: 0,
      complete: true,
      lastRead: 0,
      unread: 0,
    });

    const joined = waitFor(alice.client, 'room:joined');
    const bobsOwn = collect(bob.client, 'room:joined');
    const second = await requestOk<JoinResult>(bob.client, 'room:join', {
      room: 'lobby',
    });
    expect(second.members).toEqual([
      { ...member(alice.session), online: true },
      { ...member(bob.session), online: true },
    ]);
    expect(await joined).toEqual({
      room: 'lobby',
      member: member(bob.session),
    });
    await settle(bob.client);
    expect(bobsOwn).toEqual([]);
  });

  it('joining twice is a no-op that still acks', async () => {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    const seen = collect(alice.client, 'room:joined');
    const again = await requestOk<JoinResult>(bob.client, 'room:join', {
      room: 'lobby',
    });
    expect(again.members).toHaveLength(2);
    await settle(alice.client);
    expect(seen).toEqual([]);
    expect(await requestOk(alice.client, 'room:list')).toEqual({
      rooms: [{ room: 'lobby', members: 2 }],
    });
  });

  it('room:leave acks, tells the others, and forgets an empty room', async () => {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    const left = waitFor(alice.client, 'room:left');
    const bobSees = collect(bob.client, 'room:left');
    expect(
      await requestOk(bob.client, 'room:leave', { room: 'lobby' }),
    ).toEqual({ room: 'lobby' });
    expect(await left).toEqual({ room: 'lobby', member: member(bob.session) });
    await settle(bob.client);
    expect(bobSees).toEqual([]);

    await requestOk(alice.client, 'message:send', {
      room: 'lobby',
      text: 'bye',
    });
    await requestOk(alice.client, 'room:leave', { room: 'lobby' });
    expect(await requestOk(alice.client, 'room:list')).toEqual({ rooms: [] });
    // The forgotten room's history went with it (memory store).
    const again = await requestOk<JoinResult>(alice.client, 'room:join', {
      room: 'lobby',
    });
    expect(again.history).toEqual([]);
  });

  it('room:leave of a room not joined is NOT_IN_ROOM', async () => {
    const alice = await chat.connect('alice');
    const response = await request(alice.client, 'room:leave', {
      room: 'lobby',
    });
    expect(response).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NotInRoom },
    });
    expect(alice.client.connected).toBe(true);
  });

  it('room:list counts distinct members per room, with "{}" or nothing', async () => {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'a' });
    await requestOk(alice.client, 'room:join', { room: 'b' });
    await requestOk(bob.client, 'room:join', { room: 'b' });
    const expected = {
      rooms: expect.arrayContaining([
        { room: 'a', members: 1 },
        { room: 'b', members: 2 },
      ]),
    };
    expect(await requestOk(bob.client, 'room:list', {})).toEqual(expected);
    expect(await requestOk(bob.client, 'room:list')).toEqual(expected);
    const { rooms } = await requestOk<{ rooms: unknown[] }>(
      bob.client,
      'room:list',
    );
    expect(rooms).toHaveLength(2);
  });

  it('joining more rooms than allowed is ROOM_LIMIT and changes nothing', async () => {
    const alice = await chat.connect('alice');
    for (const room of ['r1', 'r2', 'r3']) {
      await requestOk(alice.client, 'room:join', { room });
    }
    const response = await request(alice.client, 'room:join', { room: 'r4' });
    expect(response).toMatchObject({
      ok: false,
      error: { code: ErrorCode.RoomLimit },
    });
    const { rooms } = await requestOk<{ rooms: { room: string }[] }>(
      alice.client,
      'room:list',
    );
    expect(rooms.map((r) => r.room).sort()).toEqual(['r1', 'r2', 'r3']);
    // Rejoining a room already held is not a new room.
    await requestOk(alice.client, 'room:join', { room: 'r1' });
    // Leaving frees a place.
    await requestOk(alice.client, 'room:leave', { room: 'r1' });
    await requestOk(alice.client, 'room:join', { room: 'r4' });
  });

  it('room:history returns the newest messages oldest first, bounded by the history limit', async () => {
    const alice = await chat.connect('alice');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    for (let i = 1; i <= 7; i++) {
      await requestOk(alice.client, 'message:send', {
        room: 'lobby',
        text: `m${i}`,
      });
    }
    const all = await requestOk<{ room: string; messages: { text: string }[] }>(
      alice.client,
      'room:history',
      { room: 'lobby' },
    );
    expect(all.room).toBe('lobby');
    expect(all.messages.map((m) => m.text)).toEqual([
      'm3',
      'm4',
      'm5',
      'm6',
      'm7',
    ]);
    const two = await requestOk<{ messages: { text: string }[] }>(
      alice.client,
      'room:history',
      {
        room: 'lobby',
        limit: 2,
      },
    );
    expect(two.messages.map((m) => m.text)).toEqual(['m6', 'm7']);

    const bob = await chat.connect('bob');
    const joined = await requestOk<JoinResult>(bob.client, 'room:join', {
      room: 'lobby',
    });
    expect(joined.history.map((m) => m.text)).toEqual([
      'm3',
      'm4',
      'm5',
      'm6',
      'm7',
    ]);
  });

  it('room:history refuses a limit above the history limit and a non-member', async () => {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    expect(
      await request(alice.client, 'room:history', { room: 'lobby', limit: 6 }),
    ).toMatchObject({
      ok: false,
      error: {
        code: ErrorCode.ValidationFailed,
        details: [{ field: 'limit' }],
      },
    });
    expect(
      await request(bob.client, 'room:history', { room: 'lobby' }),
    ).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NotInRoom },
    });
  });

  it('a disconnect tells the other members at once and forgets empty rooms', async () => {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'solo' });
    const left = waitFor(alice.client, 'room:left');
    bob.client.disconnect();
    expect(await left).toEqual({ room: 'lobby', member: member(bob.session) });
    expect(await requestOk(alice.client, 'room:list')).toEqual({
      rooms: [{ room: 'lobby', members: 1 }],
    });
  });
});
