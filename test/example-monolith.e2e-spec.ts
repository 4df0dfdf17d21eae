import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { io } from 'socket.io-client';
import { AppModule } from '../examples/monolith/src/app.module.js';
import { SessionTokens } from '../examples/monolith/src/auth/session-tokens.js';
import {
  HandshakeError,
  useChat,
  type Member,
  type SessionInfo,
} from '../src/index.js';
import { waitFor, within, type ChatClient } from './support/harness.js';
import { http } from './support/http.js';
import { describeWithPostgres, TestDatabase } from './support/postgres.js';

const MODES: [string, (name: string, body: () => void) => void, boolean][] = [
  ['in memory', describe, false],
  ['with DATABASE_URL', describeWithPostgres, true],
];

/** The drop-in proof: a host app with its own posts API and sessions. */
describe.each(MODES)('examples/monolith %s', (mode, describeIf, durable) => {
  describeIf(mode, () => {
    let app: INestApplication;
    let url: string;
    let tokens: SessionTokens;
    let database: TestDatabase | null = null;
    const clients: ChatClient[] = [];

    beforeAll(async () => {
      if (durable) {
        database = await TestDatabase.create();
        process.env.DATABASE_URL = database.url;
      }
      const moduleRef = await Test.createTestingModule({
        imports: [AppModule],
      }).compile();
      app = moduleRef.createNestApplication({ logger: false });
      useChat(app);
      await app.listen(0, '127.0.0.1');
      url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      tokens = app.get(SessionTokens);
    });
    afterAll(async () => {
      for (const client of clients) client.disconnect();
      await app.close();
      delete process.env.DATABASE_URL;
      await database?.drop();
    });

    function socket(auth: Record<string, unknown>): ChatClient {
      const client: ChatClient = io(`${url}/chat`, {
        auth,
        transports: ['websocket'],
        reconnection: false,
        autoConnect: false,
      });
      clients.push(client);
      return client;
    }

    async function signedIn(
      user: Member,
    ): Promise<{ client: ChatClient; session: SessionInfo }> {
      const client = socket({ token: tokens.sign(user) });
      const session = waitFor(client, 'session');
      client.connect();
      return { client, session: await session };
    }

    function createPost(author: Member, body: object) {
      return http(`${url}/posts`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${tokens.sign(author)}`,
        },
        body: JSON.stringify(body),
      });
    }

    async function refusal(auth: Record<string, unknown>): Promise<string> {
      const client = socket(auth);
      const error = new Promise<string>((resolve) =>
        client.once('connect_error', (e) => resolve(e.message)),
      );
      client.connect();
      return within(error);
    }

    it('refuses sockets without a valid host session', async () => {
      expect(await refusal({})).toBe(HandshakeError.Unauthorized);
      expect(await refusal({ token: 'forged.token' })).toBe(
        HandshakeError.Unauthorized,
      );
      const valid = tokens.sign({ userId: 'u1', nickname: 'Ann' });
      expect(await refusal({ token: `${valid}x` })).toBe(
        HandshakeError.Unauthorized,
      );
    });

    it("gives an authenticated socket the host's userId", async () => {
      const { client, session } = await signedIn({
        userId: 'host-user-7',
        nickname: 'Ann',
      });
      expect(session).toEqual({
        id: client.id,
        userId: 'host-user-7',
        nickname: 'Ann',
      });
    });

    it('creating a post over HTTP reaches the sockets in the posts room only', async () => {
      const reader = await signedIn({ userId: 'reader', nickname: 'Reader' });
      const elsewhere = await signedIn({ userId: 'other', nickname: 'Other' });
      await within(reader.client.emitWithAck('room:join', { room: 'posts' }));
      await within(
        elsewhere.client.emitWithAck('room:join', { room: 'lobby' }),
      );
      const missed: unknown[] = [];
      elsewhere.client.on('message:new', (m) => missed.push(m));
      const announced = waitFor(reader.client, 'message:new');

      const response = await createPost(
        { userId: 'author', nickname: 'Author' },
        { title: 'Hello monolith' },
      );
      expect(response.status).toBe(201);
      expect(await announced).toMatchObject({
        room: 'posts',
        text: 'New post: Hello monolith',
        from: { userId: 'system' },
      });
      await within(elsewhere.client.emitWithAck('room:list', {}));
      expect(missed).toEqual([]);
      expect(JSON.parse((await http(`${url}/posts`)).body)).toEqual([
        {
          id: expect.any(String),
          title: 'Hello monolith',
          authorId: 'author',
          draft: false,
        },
      ]);
      const anonymous = await http(`${url}/posts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: 'Nobody' }),
      });
      expect(anonymous.status).toBe(401);
    });

    it('the policy opens a post’s comments room to signed-in users, a draft’s to its author only', async () => {
      const author = { userId: 'writer', nickname: 'Writer' };
      const published = JSON.parse(
        (await createPost(author, { title: 'Out now' })).body,
      ) as { id: string };
      const draft = JSON.parse(
        (await createPost(author, { title: 'Soon', draft: true })).body,
      ) as { id: string };
      const reader = await signedIn({ userId: 'reader-2', nickname: 'Reader' });
      const writer = await signedIn(author);
      const join = (client: ChatClient, room: string) =>
        within(client.emitWithAck('room:join', { room }));

      expect(await join(reader.client, `post:${published.id}`)).toMatchObject({
        ok: true,
      });
      expect(await join(reader.client, `post:${draft.id}`)).toEqual({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message:
            'This post is a draft: only its author may open its comments',
        },
      });
      expect(await join(reader.client, 'post:unknown')).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'There is no such post' },
      });
      // The post opened its room with the author's first message: kept with
      // a database; without one, a room nobody is in keeps nothing.
      const opened = await join(writer.client, `post:${draft.id}`);
      expect(opened).toMatchObject({ ok: true });
      const { history } = (opened as { data: { history: unknown[] } }).data;
      expect(history).toEqual(
        durable
          ? [
              expect.objectContaining({
                seq: 1,
                from: author,
                text: 'Comments on “Soon” are open',
              }),
            ]
          : [],
      );
    });

    it('two sockets of the same host user both get a private message', async () => {
      const phone = await signedIn({ userId: 'bob', nickname: 'Bob' });
      const laptop = await signedIn({ userId: 'bob', nickname: 'Bob' });
      const sender = await signedIn({ userId: 'alice', nickname: 'Alice' });
      const toPhone = waitFor(phone.client, 'message:private');
      const toLaptop = waitFor(laptop.client, 'message:private');
      await within(
        sender.client.emitWithAck('message:private', {
          to: 'bob',
          text: 'hi Bob',
        }),
      );
      expect((await toPhone).text).toBe('hi Bob');
      expect((await toLaptop).text).toBe('hi Bob');
    });
  });
});
