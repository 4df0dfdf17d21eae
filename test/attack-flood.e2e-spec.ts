import { MemoryRoomsStore, type RoomListResult } from '../src/index.js';
import {
  ChatHarness,
  collect,
  emitWithoutAck,
  request,
  requestOk,
  settle,
  until,
  type ChatClient,
} from './support/harness.js';

/** `{ a: { a: … } }`, `levels` deep. */
function nested(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/** How many of `count` messages from `client` into `room` were accepted. */
async function sendMany(client: ChatClient, room: string, count: number) {
  let accepted = 0;
  for (let i = 0; i < count; i++) {
    const answer = await request(client, 'message:send', { room, text: 'x' });
    if (answer.ok) accepted++;
    else expect(answer.error.code).toBe('RATE_LIMITED');
  }
  return accepted;
}

describe('payloads and event floods', () => {
  let chat: ChatHarness;
  beforeEach(async () => {
    chat = await ChatHarness.start({ rateLimit: 0, maxRoomsPerSocket: 200 });
  });
  afterEach(() => chat.close());

  it('refuses a deeply nested payload as VALIDATION_FAILED before transforming it', async () => {
    const { client } = await chat.connect('mallory');
    const answer = await request(client, 'room:history', {
      room: 5,
      x: nested(3000),
    });
    expect(answer).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        details: [
          { field: 'payload', errors: [expect.stringMatching(/nest/)] },
        ],
      },
    });
    const wide = await request(client, 'room:history', {
      room: 'lobby',
      x: Array.from({ length: 5000 }, (_, i) => i),
      y: nested(2),
    });
    expect(wide).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('counts every event against the socket budget, refused ones too', async () => {
    await chat.close();
    chat = await ChatHarness.start({ eventRateLimit: 50 });
    const { client } = await chat.connect('mallory');
    for (let i = 0; i < 50; i++) {
      emitWithoutAck(client, 'message:send', { room: 'nowhere', text: 'x' });
    }
    expect(await request(client, 'room:list', {})).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' },
    });
    // Other sockets keep their own budget.
    const other = await chat.connect('other');
    await requestOk(other.client, 'room:list', {});
  });

  it('delivers typing only when it changes', async () => {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    const seen = collect(bob.client, 'typing');
    for (const typing of [true, true, true, false, false, true]) {
      await requestOk(alice.client, 'typing', { room: 'lobby', typing });
    }
    await settle(bob.client);
    expect(seen.map((event) => event.typing)).toEqual([true, false, true]);
  });

  it('pages room:list in name order: at most 100 rooms, then `next`', async () => {
    const { client } = await chat.connect('alice');
    const names = Array.from({ length: 130 }, (_, i) => `r${1000 + i}`);
    await Promise.all(
      names
        .slice(0, 40)
        .map((room) => requestOk(client, 'room:join', { room })),
    );
    const second = await chat.connect('bob');
    for (const room of names.slice(40)) {
      await requestOk(second.client, 'room:join', { room });
    }
    const first = await requestOk<RoomListResult>(client, 'room:list', {});
    expect(first.rooms.map((r) => r.room)).toEqual(names.slice(0, 100));
    expect(first.next).toBe(names[99]);
    const rest = await requestOk<RoomListResult>(client, 'room:list', {
      after: first.next,
    });
    expect(rest).toEqual({
      rooms: names.slice(100).map((room) => ({ room, members: 1 })),
    });
    const small = await requestOk<RoomListResult>(client, 'room:list', {
      limit: 2,
    });
    expect(small.rooms).toHaveLength(2);
  });
});

/** A store whose member lists wait until the test opens the gate: joins stay under way. */
class GatedStore extends MemoryRoomsStore {
  private open!: () => void;
  readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  release() {
    this.open();
  }
  override async members(room: string) {
    await this.gate;
    return super.members(room);
  }
}

describe('events under way at once', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  it('refuses a socket’s events past maxEventsInFlight until earlier ones are answered', async () => {
    const store = new GatedStore();
    chat = await ChatHarness.start({ store, maxEventsInFlight: 4 });
    const { client } = await chat.connect('mallory');
    const answers = ['a', 'b', 'c', 'd', 'e', 'f'].map((room) =>
      request(client, 'room:join', { room }),
    );
    const refused = await Promise.all(answers.slice(4));
    expect(refused).toEqual([
      expect.objectContaining({
        ok: false,
        error: expect.objectContaining({ code: 'RATE_LIMITED' }),
      }),
      expect.objectContaining({
        ok: false,
        error: expect.objectContaining({ code: 'RATE_LIMITED' }),
      }),
    ]);
    store.release();
    for (const answer of await Promise.all(answers.slice(0, 4))) {
      expect(answer.ok).toBe(true);
    }
    await requestOk(client, 'room:join', { room: 'g' });
  });
});

describe('message budgets that reconnecting does not reset', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  it('per address: ten fresh connections share one budget', async () => {
    chat = await ChatHarness.start({ rateLimit: 4, addressRateLimit: 12 });
    let accepted = 0;
    for (let i = 0; i < 10; i++) {
      const { client } = await chat.connect(`guest${i}`);
      await requestOk(client, 'room:join', { room: 'lobby' });
      accepted += await sendMany(client, 'lobby', 4);
      client.disconnect();
    }
    expect(accepted).toBe(12);
  });

  it('per user: the sockets of one user share one budget', async () => {
    chat = await ChatHarness.start({
      rateLimit: 3,
      authenticate: () => ({ userId: 'same-user', nickname: 'tabs' }),
    });
    const tabs = [await chat.connect(), await chat.connect()];
    let accepted = 0;
    for (const { client } of tabs) {
      await requestOk(client, 'room:join', { room: 'lobby' });
      accepted += await sendMany(client, 'lobby', 3);
    }
    expect(accepted).toBe(3);
  });
});

describe('connections per address', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  it('caps concurrent connections from one address', async () => {
    chat = await ChatHarness.start({
      maxConnectionsPerAddress: 3,
      connectionLimitExempt: [],
    });
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await chat.connect());
    await chat.refusal({});
    expect(await chat.metric('chat_connections_refused_total')).toBe(1);
    open[0].client.disconnect();
    await until(() => chat.namespaceSize('/chat') === 2);
    await chat.connect(); // a place freed up
  });

  it('caps new connections from one address per window', async () => {
    chat = await ChatHarness.start({
      connectionRateLimit: 4,
      connectionLimitExempt: [],
    });
    for (let i = 0; i < 4; i++) (await chat.connect()).client.disconnect();
    await chat.refusal({});
  });

  it('counts the forwarded address behind a trusted proxy', async () => {
    chat = await ChatHarness.start({
      maxConnectionsPerAddress: 1,
      connectionLimitExempt: [],
      trustProxy: 1,
    });
    const from = (address: string) => ({
      extraHeaders: { 'X-Forwarded-For': `203.0.113.9, ${address}` },
    });
    await chat.connect(undefined, from('198.51.100.1'));
    await chat.connect(undefined, from('198.51.100.2'));
    await chat.refusal({}, '/chat', from('198.51.100.1'));
  });

  it('leaves loopback alone by default', async () => {
    chat = await ChatHarness.start({ maxConnectionsPerAddress: 2 });
    for (let i = 0; i < 4; i++) await chat.connect();
  });
});
