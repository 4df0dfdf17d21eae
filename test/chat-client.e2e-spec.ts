import {
  ChatError,
  createChatClient,
  type ChatClient,
  type Message,
} from '../src/client/index.js';
import {
  adminCall,
  byUserName,
  ChatHarness,
  until,
  within,
} from './support/harness.js';
import { freePort } from './support/http.js';
import { OwnPostgres } from './support/own-postgres.js';
import { describeWithPostgres, TestDatabase } from './support/postgres.js';
import {
  deleteKeys,
  describeWithRedis,
  freshPrefix,
  REDIS_URL,
} from './support/redis.js';

const clients: ChatClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

/** A client of the package's `./client` entry, reconnecting fast. */
function clientOf(url: string, nickname: string) {
  const client = createChatClient(url, {
    nickname,
    ackTimeoutMs: 2000,
    socket: {
      transports: ['websocket'],
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
    },
  });
  clients.push(client);
  return client;
}

/** Every `message:new` the app is handed, and the gaps. */
function record(client: ChatClient) {
  const seen: Message[] = [];
  const gaps: unknown[] = [];
  client.on('message:new', (message) => seen.push(message));
  client.on('gap', (gap) => gaps.push(gap));
  return { seen, gaps, texts: () => seen.map((m) => m.text) };
}

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ChatError)
      return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('it resolved');
};

const connected = (client: ChatClient) =>
  within(
    new Promise<void>((resolve) =>
      client.socket.connected
        ? resolve()
        : client.socket.once('connect', () => resolve()),
    ),
  );

describe('the ./client entry against the real app', () => {
  let chat: ChatHarness;
  beforeEach(async () => {
    chat = await ChatHarness.start({ rateLimit: 0 });
  });
  afterEach(() => chat.close());

  it('resolves each call with its data and rejects with the contract’s codes', async () => {
    const ann = clientOf(chat.url, 'ann');
    const ben = clientOf(chat.url, 'ben');
    const annSeen = record(ann);
    await connected(ben);
    const joined = await ann.join('r');
    expect(joined).toMatchObject({ room: 'r', history: [], latestSeq: 0 });
    await ben.join('r');
    const sent = await ann.send('r', '  hi  ');
    expect(sent).toMatchObject({
      text: 'hi',
      seq: 1,
      clientMessageId: expect.any(String),
    });
    const edited = await ann.edit('r', sent.id, 'hello');
    expect(edited.editedAt).toEqual(expect.any(Number));
    expect(await ben.read('r', 1)).toEqual({ room: 'r', lastRead: 1 });
    expect((await ben.history('r')).messages.map((m) => m.text)).toEqual([
      'hello',
    ]);
    expect(await ann.typing('r', true)).toEqual({});
    expect(await ann.rooms()).toEqual({ rooms: [{ room: 'r', members: 2 }] });
    const privately = await ann.sendPrivate(ben.me!.userId, 'psst');
    expect(privately).toMatchObject({ text: 'psst', to: ben.me!.userId });
    expect(await ann.broadcast('all')).toMatchObject({
      room: null,
      text: 'all',
    });
    expect(await ben.delete('r', sent.id).catch((e: ChatError) => e.code)).toBe(
      'FORBIDDEN',
    );
    expect(await ann.delete('r', sent.id)).toEqual({ room: 'r', id: sent.id });
    expect(await rejection(ann.send('bad room', 'x'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'room' })],
    });
    expect(await rejection(ann.history('elsewhere'))).toMatchObject({
      code: 'NOT_IN_ROOM',
    });
    expect(await ann.leave('r')).toEqual({ room: 'r' });
    await until(() => annSeen.texts().includes('hi'));
    expect(annSeen.seen.map((m) => m.seq)).toEqual([1]);
  });

  it('rejects with TIMEOUT when no ack comes', async () => {
    const client = createChatClient(chat.url, {
      nickname: 'late',
      ackTimeoutMs: 100,
      socket: { transports: ['websocket'], autoConnect: false },
    });
    clients.push(client);
    expect(await rejection(client.rooms())).toMatchObject({ code: 'TIMEOUT' });
  });
});

describe('the ./client entry when the server refuses the handshake', () => {
  let chat: ChatHarness;
  beforeEach(async () => {
    chat = await ChatHarness.start({ authenticate: byUserName });
  });
  afterEach(() => chat.close());

  it('fails calls under way and later ones with the server’s code, says so once, and stops', async () => {
    const client = createChatClient(chat.url, {
      auth: { user: 42 }, // not a user name: the host's authenticate refuses
      ackTimeoutMs: 10_000, // a TIMEOUT could not come within the test
      socket: { transports: ['websocket'] },
    });
    clients.push(client);
    const errors: ChatError[] = [];
    client.on('error', (error) => errors.push(error));
    expect(await rejection(client.join('lobby'))).toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect(await rejection(client.send('lobby', 'hi'))).toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect(errors.map((error) => error.code)).toEqual(['UNAUTHORIZED']);
    expect(client.socket.active).toBe(false);
  });
});

describe('the ./client entry when a rejoin is refused', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  it('stops following a room it was banned from while away, and says so', async () => {
    chat = await ChatHarness.start({
      authenticate: byUserName,
      adminToken: 'ct',
      recoveryWindowMs: 0,
    });
    const ann = createChatClient(chat.url, {
      auth: { user: 'ann' },
      socket: {
        transports: ['websocket'],
        reconnectionDelay: 50,
        reconnectionDelayMax: 200,
      },
    });
    clients.push(ann);
    const failed: { room: string; code: string }[] = [];
    ann.on('rejoinFailed', ({ room, error }) =>
      failed.push({ room, code: error.code }),
    );
    await ann.join('r');
    await ann.join('s');
    const admin = await chat.admin('ct');
    ann.socket.io.engine.close();
    await until(() => !ann.socket.connected);
    await adminCall(admin, 'admin:ban', { userId: 'ann', room: 'r' });
    await until(() => failed.length === 1, 5000);
    // A signed-in user: the ban ended the membership, as its inbox says.
    expect(failed).toEqual([{ room: 'r', code: 'NOT_IN_ROOM' }]);
    // The other room was joined again.
    await until(async () => (await chat.rooms.members('s')).length === 1);
  });
});

describeWithPostgres(
  'the ./client entry across a server restart (PostgreSQL)',
  () => {
    let database: TestDatabase;
    let chat: ChatHarness | null = null;
    beforeEach(async () => {
      database = await TestDatabase.create();
    });
    afterEach(async () => {
      await chat?.close();
      await database.drop();
    });

    it('resumes with since and pages on: every message once, in order, none missing', async () => {
      const port = await freePort();
      const start = async () =>
        (chat = await ChatHarness.start(
          { database: { url: database.url }, rateLimit: 0, historyLimit: 5 },
          {},
          port,
        ));
      let server = await start();
      const reader = clientOf(server.url, 'reader');
      const { seen, gaps, texts } = record(reader);
      await reader.join('r');
      for (let i = 1; i <= 3; i++)
        await server.rooms.publishToRoom('r', `before ${i}`);
      await until(() => seen.length === 3);

      await server.close();
      chat = null;
      server = await start();
      // Posted while the reader is away: more than one history page.
      for (let i = 1; i <= 12; i++)
        await server.rooms.publishToRoom('r', `away ${i}`);
      await until(() => seen.length === 15, 10_000);
      await server.rooms.publishToRoom('r', 'live');
      await until(() => seen.length === 16);
      expect(texts()).toEqual([
        ...[1, 2, 3].map((i) => `before ${i}`),
        ...Array.from({ length: 12 }, (_, i) => `away ${i + 1}`),
        'live',
      ]);
      expect(seen.map((m) => m.seq)).toEqual(
        Array.from({ length: 16 }, (_, i) => i + 1),
      );
      expect(gaps).toEqual([]);
    }, 30_000);
  },
);

describeWithRedis(
  'the ./client entry moved to another instance (Redis)',
  () => {
    let keyPrefix: string;
    const running: ChatHarness[] = [];
    afterEach(async () => {
      await Promise.all(running.splice(0).map((chat) => chat.close()));
      await deleteKeys(keyPrefix);
    });

    it('hands on what was said while it moved, once each, in order', async () => {
      keyPrefix = freshPrefix();
      const port = await freePort();
      const options = {
        redis: { url: REDIS_URL, keyPrefix },
        rateLimit: 0,
        recoveryWindowMs: 0,
      };
      const first = await ChatHarness.start(options, {}, port);
      const other = await ChatHarness.start(options);
      running.push(other);
      const reader = clientOf(first.url, 'reader');
      const writer = clientOf(other.url, 'writer');
      const { seen, texts } = record(reader);
      await reader.join('r');
      await writer.join('r');
      await writer.send('r', 'one');
      await until(() => seen.length === 1);
      await first.close();
      await writer.send('r', 'two');
      await writer.send('r', 'three');
      // Another instance takes the address: the reader comes back to it.
      running.push(await ChatHarness.start(options, {}, port));
      await until(() => seen.length === 3, 10_000);
      await writer.send('r', 'four');
      await until(() => seen.length === 4);
      expect(texts()).toEqual(['one', 'two', 'three', 'four']);
    }, 30_000);
  },
);

(OwnPostgres.available ? describe : describe.skip)(
  'the ./client entry during a PostgreSQL outage',
  () => {
    let postgres: OwnPostgres;
    let chat: ChatHarness;
    beforeEach(async () => {
      postgres = await OwnPostgres.started();
      chat = await ChatHarness.start({
        database: { url: postgres.url },
        rateLimit: 0,
      });
    }, 60_000);
    afterEach(async () => {
      await chat.close();
      postgres.destroy();
    });

    it('retries a send with its clientMessageId until the database is back: stored once', async () => {
      const ann = clientOf(chat.url, 'ann');
      await ann.join('r');
      postgres.stop();
      const sending = ann.send('r', 'through the outage');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      postgres.start();
      const message = await sending;
      const { messages } = await ann.history('r');
      expect(messages).toEqual([message]);
    }, 60_000);
  },
);
