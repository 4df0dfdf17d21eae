import { ErrorCode, type Message, type PrivateMessage } from '../src/index.js';
import {
  ChatHarness,
  emitWithoutAck,
  collect,
  request,
  requestOk,
  settle,
  until,
  waitFor,
} from './support/harness.js';

describe('messages (/chat)', () => {
  let chat: ChatHarness;

  beforeEach(async () => {
    chat = await ChatHarness.start({ maxTextLength: 50, rateLimit: 0 });
  });
  afterEach(() => chat.close());

  async function threeInLobby() {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    const carol = await chat.connect('carol');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    return { alice, bob, carol };
  }

  it('message:send reaches every member, sender included, and nobody outside', async () => {
    const { alice, bob, carol } = await threeInLobby();
    const toAlice = waitFor(alice.client, 'message:new');
    const toBob = waitFor(bob.client, 'message:new');
    const toCarol = collect(carol.client, 'message:new');

    const { message } = await requestOk<{ message: Message }>(
      alice.client,
      'message:send',
      {
        room: 'lobby',
        text: '  hello there  ',
      },
    );
    expect(message).toEqual({
      id: expect.any(String),
      room: 'lobby',
      from: { userId: alice.session.userId, nickname: 'alice' },
      text: 'hello there',
      at: expect.any(Number),
      seq: 1,
    });
    expect(Math.abs(message.at - Date.now())).toBeLessThan(60_000);
    expect(await toAlice).toEqual(message);
    expect(await toBob).toEqual(message);
    await settle(carol.client);
    expect(toCarol).toEqual([]);
  });

  it('each message reaches the room as it is then: who joined since gets it, who left does not', async () => {
    const { alice, bob, carol } = await threeInLobby();
    await requestOk(alice.client, 'message:send', {
      room: 'lobby',
      text: 'first',
    });
    await requestOk(carol.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:leave', { room: 'lobby' });
    const toCarol = waitFor(carol.client, 'message:new');
    const toBob = collect(bob.client, 'message:new');

    await requestOk(alice.client, 'message:send', {
      room: 'lobby',
      text: 'second',
    });
    expect(await toCarol).toMatchObject({ text: 'second', seq: 2 });
    await settle(bob.client);
    expect(toBob).toEqual([]);
  });

  it('message:send to a room not joined is NOT_IN_ROOM and is not delivered or stored', async () => {
    const { alice, carol } = await threeInLobby();
    const toAlice = collect(alice.client, 'message:new');
    const response = await request(carol.client, 'message:send', {
      room: 'lobby',
      text: 'hi',
    });
    expect(response).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NotInRoom },
    });
    await settle(alice.client);
    expect(toAlice).toEqual([]);
    const { messages } = await requestOk<{ messages: Message[] }>(
      alice.client,
      'room:history',
      {
        room: 'lobby',
      },
    );
    expect(messages).toEqual([]);
  });

  it('text is bounded by the configured length after trimming', async () => {
    const { alice } = await threeInLobby();
    await requestOk(alice.client, 'message:send', {
      room: 'lobby',
      text: ` ${'x'.repeat(50)} `,
    });
    const response = await request(alice.client, 'message:send', {
      room: 'lobby',
      text: 'x'.repeat(51),
    });
    expect(response).toMatchObject({
      ok: false,
      error: { code: ErrorCode.ValidationFailed, details: [{ field: 'text' }] },
    });
  });

  it('message:broadcast reaches every /chat client but the sender', async () => {
    const { alice, bob, carol } = await threeInLobby();
    const toBob = waitFor(bob.client, 'message:broadcast');
    const toCarol = waitFor(carol.client, 'message:broadcast');
    const toAlice = collect(alice.client, 'message:broadcast');
    const { message } = await requestOk<{ message: Message }>(
      alice.client,
      'message:broadcast',
      {
        text: 'all hands',
      },
    );
    expect(message).toMatchObject({
      room: null,
      text: 'all hands',
      from: { nickname: 'alice' },
    });
    expect(await toBob).toEqual(message);
    expect(await toCarol).toEqual(message);
    await settle(alice.client);
    expect(toAlice).toEqual([]);
  });

  it('message:broadcast with includeSelf reaches the sender too', async () => {
    const { alice, bob } = await threeInLobby();
    const toAlice = waitFor(alice.client, 'message:broadcast');
    const toBob = waitFor(bob.client, 'message:broadcast');
    const { message } = await requestOk<{ message: Message }>(
      alice.client,
      'message:broadcast',
      {
        text: 'me too',
        includeSelf: true,
      },
    );
    expect(await toAlice).toEqual(message);
    expect(await toBob).toEqual(message);
  });

  it('message:private reaches every socket of the user and nobody else', async () => {
    const recipientId = 'user-42';
    await chat.close();
    chat = await ChatHarness.start({
      rateLimit: 0,
      authenticate: (handshake) => {
        const auth = handshake.auth as { user?: string };
        return auth.user ? { userId: auth.user, nickname: auth.user } : null;
      },
    });
    const connect = async (user: string) =>
      (await chat.connectWith({ user })).client;
    const sender = await connect('user-1');
    const phone = await connect(recipientId);
    const laptop = await connect(recipientId);
    const bystander = await connect('user-7');
    const toPhone = waitFor(phone, 'message:private');
    const toLaptop = waitFor(laptop, 'message:private');
    const elsewhere = [
      collect(sender, 'message:private'),
      collect(bystander, 'message:private'),
    ];

    const { message } = await requestOk<{ message: Message }>(
      sender,
      'message:private',
      {
        to: recipientId,
        text: 'psst',
      },
    );
    expect(message).toMatchObject({
      room: null,
      text: 'psst',
      from: { userId: 'user-1' },
    });
    const expected: PrivateMessage = { ...message, to: recipientId };
    expect(await toPhone).toEqual(expected);
    expect(await toLaptop).toEqual(expected);
    await settle(sender, bystander);
    expect(elsewhere).toEqual([[], []]);
  });

  it('message:private with the default identity reaches that one socket only', async () => {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    const carol = await chat.connect('carol');
    const toBob = waitFor(bob.client, 'message:private');
    const elsewhere = [
      collect(alice.client, 'message:private'),
      collect(carol.client, 'message:private'),
    ];
    await requestOk(alice.client, 'message:private', {
      to: bob.session.userId,
      text: 'hi bob',
    });
    expect(await toBob).toMatchObject({
      to: bob.session.userId,
      text: 'hi bob',
      from: { userId: alice.session.userId },
    });
    await settle(alice.client, carol.client);
    expect(elsewhere).toEqual([[], []]);
  });

  it('message:private to oneself is allowed', async () => {
    const alice = await chat.connect('alice');
    const own = waitFor(alice.client, 'message:private');
    await requestOk(alice.client, 'message:private', {
      to: alice.session.userId,
      text: 'note',
    });
    expect(await own).toMatchObject({ to: alice.session.userId, text: 'note' });
  });

  it('message:private to a user who is not connected is NOT_FOUND', async () => {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    bob.client.disconnect();
    await until(async () => (await chat.rooms.stats()).connections === 1);
    const response = await request(alice.client, 'message:private', {
      to: bob.session.userId,
      text: 'there?',
    });
    expect(response).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NotFound },
    });
    expect(alice.client.connected).toBe(true);
  });

  it('typing reaches the other members only', async () => {
    const { alice, bob, carol } = await threeInLobby();
    const toBob = waitFor(bob.client, 'typing');
    const toOthers = [
      collect(alice.client, 'typing'),
      collect(carol.client, 'typing'),
    ];
    expect(
      await requestOk(alice.client, 'typing', { room: 'lobby', typing: true }),
    ).toEqual({});
    expect(await toBob).toEqual({
      room: 'lobby',
      member: { userId: alice.session.userId, nickname: 'alice' },
      typing: true,
    });
    await settle(alice.client, carol.client);
    expect(toOthers).toEqual([[], []]);
  });

  it('typing in a room not joined is NOT_IN_ROOM', async () => {
    const { carol } = await threeInLobby();
    expect(
      await request(carol.client, 'typing', { room: 'lobby', typing: true }),
    ).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NotInRoom },
    });
  });

  it('a failure without an ack callback arrives as an "exception" event', async () => {
    const { carol } = await threeInLobby();
    const exception = waitFor(carol.client, 'exception');
    emitWithoutAck(carol.client, 'message:send', { room: 'lobby', text: 'hi' });
    expect(await exception).toEqual({
      code: ErrorCode.NotInRoom,
      message: expect.any(String),
      event: 'message:send',
    });
    expect(carol.client.connected).toBe(true);
  });
});

describe('rate limit (/chat)', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  it('refuses message:* events over the rate, per socket, without delivering them', async () => {
    chat = await ChatHarness.start({ rateLimit: 3, rateLimitWindowMs: 60_000 });
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    const toBob = collect(bob.client, 'message:new');

    await requestOk(alice.client, 'message:send', { room: 'lobby', text: '1' });
    await requestOk(alice.client, 'message:broadcast', { text: '2' });
    await requestOk(alice.client, 'message:private', {
      to: bob.session.userId,
      text: '3',
    });
    const refused = await request(alice.client, 'message:send', {
      room: 'lobby',
      text: '4',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: ErrorCode.RateLimited },
    });
    expect(alice.client.connected).toBe(true);

    // Another socket has its own budget, and non-message events are not limited.
    await requestOk(bob.client, 'message:send', {
      room: 'lobby',
      text: 'from bob',
    });
    await requestOk(alice.client, 'typing', { room: 'lobby', typing: false });
    await settle(bob.client);
    expect(toBob.map((m) => m.text)).toEqual(['1', 'from bob']);
    const { messages } = await requestOk<{ messages: Message[] }>(
      bob.client,
      'room:history',
      {
        room: 'lobby',
      },
    );
    expect(messages.map((m) => m.text)).toEqual(['1', 'from bob']);
  });

  it('lets messages through again once the window has passed', async () => {
    chat = await ChatHarness.start({ rateLimit: 1, rateLimitWindowMs: 300 });
    const alice = await chat.connect('alice');
    await requestOk(alice.client, 'message:broadcast', { text: 'a' });
    expect(
      await request(alice.client, 'message:broadcast', { text: 'b' }),
    ).toMatchObject({
      ok: false,
      error: { code: ErrorCode.RateLimited },
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await requestOk(alice.client, 'message:broadcast', { text: 'c' });
  });

  it('is off with a rate of 0', async () => {
    chat = await ChatHarness.start({ rateLimit: 0 });
    const alice = await chat.connect('alice');
    for (let i = 0; i < 30; i++) {
      await requestOk(alice.client, 'message:broadcast', { text: `m${i}` });
    }
  });

  it('defaults to 20 per window', async () => {
    chat = await ChatHarness.start();
    const alice = await chat.connect('alice');
    for (let i = 0; i < 20; i++) {
      await requestOk(alice.client, 'message:broadcast', { text: `m${i}` });
    }
    expect(
      await request(alice.client, 'message:broadcast', {
        text: 'one too many',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: ErrorCode.RateLimited },
    });
  });
});
