import { createChatClient, type Message } from '../src/client/index.js';
import { byUserName, ChatHarness, until } from './support/harness.js';
import { OwnPostgres } from './support/own-postgres.js';

/** PostgreSQL, which holds the memberships, stopped under signed-in users. */
(OwnPostgres.available ? describe : describe.skip)(
  'signed-in users while PostgreSQL is away',
  () => {
    let postgres: OwnPostgres;
    let chat: ChatHarness;

    beforeEach(async () => {
      postgres = await OwnPostgres.started();
      chat = await ChatHarness.start({
        authenticate: byUserName,
        rateLimit: 0,
        database: { url: postgres.url },
      });
    }, 60_000);
    afterEach(async () => {
      await chat.close();
      postgres.destroy();
    });

    it('refuses handshakes UNAVAILABLE while the rooms cannot be read, and the client gets back in by itself', async () => {
      const ann = createChatClient(chat.url, {
        auth: { user: 'ann' },
        ackTimeoutMs: 2000,
        socket: {
          transports: ['websocket'],
          reconnectionDelay: 50,
          reconnectionDelayMax: 200,
        },
      });
      try {
        await ann.join('r');
        const errors: string[] = [];
        ann.on('error', (error) => errors.push(error.code));

        postgres.stop();
        expect(await chat.refusal({ user: 'bob' })).toBe('UNAVAILABLE');
        // Ann's connection drops while the database is away.
        ann.socket.io.engine.close();
        await until(() => !ann.socket.connected);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(ann.socket.connected).toBe(false);

        postgres.start();
        await until(() => ann.socket.connected, 20_000);
        const seen: Message[] = [];
        ann.on('message:new', (message) => seen.push(message));
        await ann.send('r', 'back in');
        await until(() => seen.length === 1, 5000);
        expect(seen[0].text).toBe('back in');
        expect(errors).toEqual([]);
      } finally {
        ann.close();
      }
    }, 60_000);
  },
);
