import type { JoinResult, Message } from '../src/index.js';
import { SYSTEM_MEMBER } from '../src/index.js';
import {
  ChatHarness,
  HTTP_PLATFORMS,
  collect,
  requestOk,
  settle,
  waitFor,
} from './support/harness.js';
import { http } from './support/http.js';

const TOKEN = 'http-admin-token';

describe.each(HTTP_PLATFORMS)('HTTP API on %s', (platform) => {
  let chat: ChatHarness;
  beforeEach(async () => {
    chat = await ChatHarness.start(
      { adminToken: TOKEN, historyLimit: 5, rateLimit: 0 },
      { platform },
    );
  });
  afterEach(() => chat.close());

  const json = (body: string): unknown => JSON.parse(body);
  const get = (path: string, token: string | null = TOKEN) =>
    http(`${chat.url}${path}`, {
      headers: token === null ? {} : { Authorization: `Bearer ${token}` },
    });
  const post = (room: string, body: unknown, token: string | null = TOKEN) =>
    http(`${chat.url}/api/rooms/${encodeURIComponent(room)}/messages`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });

  it('GET /health answers 200 { status: "ok" }', async () => {
    const response = await http(`${chat.url}/health`);
    expect(response.status).toBe(200);
    expect(json(response.body)).toEqual({ status: 'ok' });
  });

  it('GET /api/rooms lists rooms with member counts', async () => {
    expect(json((await get(`/api/rooms`)).body)).toEqual({
      rooms: [],
    });
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'quiet' });
    const response = await get(`/api/rooms`);
    expect(response.status).toBe(200);
    expect(json(response.body)).toEqual({
      rooms: expect.arrayContaining([
        { room: 'lobby', members: 2 },
        { room: 'quiet', members: 1 },
      ]),
    });
  });

  it('GET /api/rooms/:room/messages returns the history, oldest first, with ?limit', async () => {
    const alice = await chat.connect('alice');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    for (const text of ['one', 'two', 'three']) {
      await requestOk(alice.client, 'message:send', { room: 'lobby', text });
    }
    const all = await get(`/api/rooms/lobby/messages`);
    expect(all.status).toBe(200);
    const body = json(all.body) as { room: string; messages: Message[] };
    expect(body.room).toBe('lobby');
    expect(body.messages.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    const limited = json(
      (await get(`/api/rooms/lobby/messages?limit=2`)).body,
    ) as {
      messages: Message[];
    };
    expect(limited.messages.map((m) => m.text)).toEqual(['two', 'three']);
  });

  it('GET messages of an unknown room is empty', async () => {
    const response = await get(`/api/rooms/nowhere/messages`);
    expect(response.status).toBe(200);
    expect(json(response.body)).toEqual({
      room: 'nowhere',
      messages: [],
      hasMore: false,
    });
  });

  it.each([
    ['a bad room name', '/api/rooms/-bad/messages', 'room must match'],
    [
      'a zero limit',
      '/api/rooms/lobby/messages?limit=0',
      'limit must not be less than 1',
    ],
    [
      'a text limit',
      '/api/rooms/lobby/messages?limit=abc',
      'limit must be an integer',
    ],
    [
      'a fractional limit',
      '/api/rooms/lobby/messages?limit=1.5',
      'limit must be an integer',
    ],
    [
      'a limit above the history limit',
      '/api/rooms/lobby/messages?limit=6',
      'limit must not be greater than 5',
    ],
  ])(
    'GET messages with %s is 400 with field errors',
    async (_kind, path, text) => {
      const response = await get(path);
      expect(response.status).toBe(400);
      const body = json(response.body) as {
        statusCode: number;
        message: string[];
        error: string;
      };
      expect(body).toEqual({
        statusCode: 400,
        message: expect.any(Array),
        error: 'Bad Request',
      });
      expect(body.message.join(' ')).toContain(text);
    },
  );

  it('POST pushes into the room: members get message:new from the system member, nobody else does', async () => {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    const outsider = await chat.connect('outsider');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'lobby' });
    await requestOk(outsider.client, 'room:join', { room: 'elsewhere' });
    const toAlice = waitFor(alice.client, 'message:new');
    const toBob = waitFor(bob.client, 'message:new');
    const toOutsider = collect(outsider.client, 'message:new');

    const response = await post('lobby', { text: '  deploy finished  ' });
    expect(response.status).toBe(201);
    const { message } = json(response.body) as { message: Message };
    expect(message).toEqual({
      id: expect.any(String),
      room: 'lobby',
      from: SYSTEM_MEMBER,
      text: 'deploy finished',
      at: expect.any(Number),
      seq: 1,
    });
    expect(await toAlice).toEqual(message);
    expect(await toBob).toEqual(message);
    await settle(outsider.client);
    expect(toOutsider).toEqual([]);
    const history = await requestOk<JoinResult>(bob.client, 'room:join', {
      room: 'lobby',
    });
    expect(history.history.at(-1)).toEqual(message);
  });

  it.each([
    ['no Authorization header', null],
    ['a wrong token', 'wrong'],
    ['an empty token', ''],
  ])('POST with %s is 401, checked before the body', async (_kind, token) => {
    const response = await post('-bad room-', { text: 5 }, token);
    expect(response.status).toBe(401);
    expect(json(response.body)).toMatchObject({ statusCode: 401 });
  });

  it('POST is 401 for every token while ADMIN_TOKEN is unset', async () => {
    await chat.close();
    chat = await ChatHarness.start({}, { platform });
    expect((await post('lobby', { text: 'hi' }, 'undefined')).status).toBe(401);
    expect((await post('lobby', { text: 'hi' }, '')).status).toBe(401);
  });

  it.each([
    ['no text', {}, 'text'],
    ['a numeric text', { text: 5 }, 'text must be a string'],
    ['a blank text', { text: '   ' }, 'text should not be empty'],
    [
      'an over-long text',
      { text: 'x'.repeat(2001) },
      'text must be at most 2000 characters',
    ],
  ])('POST with %s is 400 with field errors', async (_kind, body, text) => {
    const response = await post('lobby', body);
    expect(response.status).toBe(400);
    const parsed = json(response.body) as { message: string[]; error: string };
    expect(parsed.error).toBe('Bad Request');
    expect(parsed.message.join(' ')).toContain(text);
  });

  it('POST to a bad room name is 400', async () => {
    const response = await post('bad room', { text: 'hi' });
    expect(response.status).toBe(400);
    expect(
      (json(response.body) as { message: string[] }).message.join(' '),
    ).toContain('room must match');
  });

  it('errors carry no stack traces', async () => {
    const response = await http(`${chat.url}/api/rooms/lobby/messages`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        'Content-Type': 'application/json',
      },
      body: '{"text": broken json',
    });
    expect(response.status).toBe(400);
    expect(response.body).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('serves the demo page, its script and styles, and the ./client modules', async () => {
    const page = await ChatHarness.start({}, { demoPage: true, platform });
    try {
      const expected: [string, string][] = [
        ['/', 'text/html'],
        ['/demo/chat-page.js', 'text/javascript'],
        ['/demo/chat-page.css', 'text/css'],
        ['/client/index.js', 'text/javascript'],
      ];
      for (const [path, type] of expected) {
        const response = await http(`${page.url}${path}`);
        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toContain(type);
      }
      expect((await http(`${page.url}/client/missing.js`)).status).toBe(404);
    } finally {
      await page.close();
    }
  });
});
