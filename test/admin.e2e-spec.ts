import {
  ErrorCode,
  HandshakeError,
  SYSTEM_MEMBER,
  type Message,
} from '../src/index.js';
import {
  ChatHarness,
  collect,
  disconnectReason,
  request,
  requestOk,
  settle,
  until,
  waitFor,
  within,
  type AdminClient,
} from './support/harness.js';

const TOKEN = 'admin-secret-token';

describe('admin namespace handshake', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  it.each([
    ['a missing token', {}],
    ['a wrong token', { token: 'guess' }],
    ['a token of another length', { token: TOKEN + 'x' }],
    ['a non-string token', { token: 42 }],
  ])('refuses %s with UNAUTHORIZED', async (_kind, auth) => {
    chat = await ChatHarness.start({ adminToken: TOKEN });
    expect(await chat.refusal(auth, '/admin')).toBe(
      HandshakeError.Unauthorized,
    );
  });

  it('refuses everyone while ADMIN_TOKEN is unset', async () => {
    chat = await ChatHarness.start();
    expect(await chat.refusal({ token: '' }, '/admin')).toBe(
      HandshakeError.Unauthorized,
    );
    expect(await chat.refusal({ token: 'undefined' }, '/admin')).toBe(
      HandshakeError.Unauthorized,
    );
  });

  it('accepts the right token', async () => {
    chat = await ChatHarness.start({ adminToken: TOKEN });
    const admin = await chat.admin(TOKEN);
    expect(admin.connected).toBe(true);
  });
});

describe('admin calls', () => {
  let chat: ChatHarness;
  let admin: AdminClient;

  beforeEach(async () => {
    chat = await ChatHarness.start({ adminToken: TOKEN, rateLimit: 0 });
    admin = await chat.admin(TOKEN);
  });
  afterEach(() => chat.close());

  it('admin:announce reaches every /chat client from the system member', async () => {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    const toAlice = waitFor(alice.client, 'announcement');
    const toBob = waitFor(bob.client, 'announcement');
    const response = await within(
      admin.emitWithAck('admin:announce', { text: ' maintenance at 5 ' }),
    );
    if (!response.ok) throw new Error(response.error.code);
    const { message } = response.data;
    expect(message).toEqual({
      id: expect.any(String),
      room: null,
      from: SYSTEM_MEMBER,
      text: 'maintenance at 5',
      at: expect.any(Number),
    });
    expect(await toAlice).toEqual(message);
    expect(await toBob).toEqual(message);
  });

  it('admin:announce validates its payload like any other event', async () => {
    const response = await within(
      admin.emitWithAck('admin:announce', { text: '  ' }),
    );
    expect(response).toMatchObject({
      ok: false,
      error: { code: ErrorCode.ValidationFailed, details: [{ field: 'text' }] },
    });
    expect(admin.connected).toBe(true);
  });

  it('admin:kick with a room removes every socket of the user from it', async () => {
    const target = await chat.connect('target');
    const other = await chat.connect('other');
    const bystander = await chat.connect('bystander');
    await requestOk(target.client, 'room:join', { room: 'lobby' });
    await requestOk(target.client, 'room:join', { room: 'kept' });
    await requestOk(other.client, 'room:join', { room: 'lobby' });
    await requestOk(bystander.client, 'room:join', { room: 'lobby' });
    const kicked = waitFor(target.client, 'room:kicked');
    const left = waitFor(other.client, 'room:left');
    const targetSeesLeft = collect(target.client, 'room:left');

    const response = await within(
      admin.emitWithAck('admin:kick', {
        userId: target.session.userId,
        room: 'lobby',
      }),
    );
    expect(response).toEqual({ ok: true, data: { kicked: 1 } });
    expect(await kicked).toEqual({ room: 'lobby' });
    expect(await left).toEqual({
      room: 'lobby',
      member: { userId: target.session.userId, nickname: 'target' },
    });
    expect(target.client.connected).toBe(true);

    // Out of the room: no more traffic from it, and it can no longer send there.
    const missed = collect(target.client, 'message:new');
    await requestOk(other.client, 'message:send', {
      room: 'lobby',
      text: 'after the kick',
    });
    await settle(target.client);
    expect(missed).toEqual([]);
    expect(targetSeesLeft).toEqual([]);
    expect(
      await request(target.client, 'message:send', {
        room: 'lobby',
        text: 'x',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NotInRoom },
    });
    // Other rooms are untouched.
    await requestOk(target.client, 'message:send', {
      room: 'kept',
      text: 'still here',
    });
  });

  it('admin:kick with a room counts only sockets that were in it', async () => {
    const target = await chat.connect('target');
    const response = await within(
      admin.emitWithAck('admin:kick', {
        userId: target.session.userId,
        room: 'lobby',
      }),
    );
    expect(response).toEqual({ ok: true, data: { kicked: 0 } });
  });

  it('admin:kick without a room disconnects the user for good', async () => {
    const target = await chat.connect('target');
    const other = await chat.connect('other');
    await requestOk(target.client, 'room:join', { room: 'lobby' });
    await requestOk(other.client, 'room:join', { room: 'lobby' });
    const reason = disconnectReason(target.client);
    const left = waitFor(other.client, 'room:left');
    const response = await within(
      admin.emitWithAck('admin:kick', { userId: target.session.userId }),
    );
    expect(response).toEqual({ ok: true, data: { kicked: 1 } });
    expect(await reason).toBe('io server disconnect');
    expect(target.client.active).toBe(false);
    expect((await left).member.userId).toBe(target.session.userId);
  });

  it('admin:kick of an unknown user affects nobody', async () => {
    await chat.connect('someone');
    expect(
      await within(admin.emitWithAck('admin:kick', { userId: 'nobody' })),
    ).toEqual({
      ok: true,
      data: { kicked: 0 },
    });
  });

  it('admin:kick validates its payload', async () => {
    expect(
      await within(
        admin.emitWithAck('admin:kick', { userId: 'u', room: 'bad room' }),
      ),
    ).toMatchObject({ ok: false, error: { code: ErrorCode.ValidationFailed } });
    expect(
      await within(admin.emitWithAck('admin:kick', { userId: 5 } as never)),
    ).toMatchObject({ ok: false, error: { code: ErrorCode.ValidationFailed } });
  });

  it('admin:stats counts connections, rooms and accepted messages of every kind', async () => {
    const empty = await within(admin.emitWithAck('admin:stats', {}));
    expect(empty).toEqual({
      ok: true,
      data: { connections: 0, rooms: 0, messages: 0 },
    });

    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'a' });
    await requestOk(bob.client, 'room:join', { room: 'b' });
    await requestOk(alice.client, 'message:send', { room: 'a', text: 'room' });
    await requestOk(alice.client, 'message:broadcast', { text: 'broadcast' });
    await requestOk(alice.client, 'message:private', {
      to: bob.session.userId,
      text: 'private',
    });
    await within(admin.emitWithAck('admin:announce', { text: 'announcement' }));
    // Refused messages do not count.
    await request(alice.client, 'message:send', {
      room: 'b',
      text: 'not a member',
    });

    expect(await within(admin.emitWithAck('admin:stats', {}))).toEqual({
      ok: true,
      data: { connections: 2, rooms: 2, messages: 4 },
    });
    bob.client.disconnect();
    await until(async () => (await chat.rooms.stats()).connections === 1);
    const after = await within(admin.emitWithAck('admin:stats', {}));
    expect(after).toEqual({
      ok: true,
      data: { connections: 1, rooms: 1, messages: 4 },
    });
  });

  it('an admin call without an ack gets "exception"', async () => {
    const exception = new Promise((resolve) =>
      admin.once('exception', resolve),
    );
    (admin.emit as (event: string, payload: unknown) => void)(
      'admin:kick',
      null,
    );
    expect(await within(exception)).toMatchObject({
      code: ErrorCode.ValidationFailed,
      event: 'admin:kick',
    });
  });

  it('/admin sockets are not /chat clients', async () => {
    const alice = await chat.connect('alice');
    const toAdmin = collect(admin as never, 'announcement');
    const toAlice = waitFor(alice.client, 'announcement');
    await within(admin.emitWithAck('admin:announce', { text: 'hi' }));
    const message: Message = await toAlice;
    expect(message.text).toBe('hi');
    await within(admin.emitWithAck('admin:stats', {}));
    expect(toAdmin).toEqual([]);
  });
});
