import type { IncomingMessage } from 'node:http';
import { Test } from '@nestjs/testing';
import WebSocket from 'ws';
import { ChatModule, HandshakeError } from '../src/index.js';
import {
  ChatHarness,
  HTTP_PLATFORMS,
  waitFor,
  within,
} from './support/harness.js';
import { http } from './support/http.js';

const ALLOWED = 'http://allowed.test';
const OTHER_ALLOWED = 'http://also-allowed.test:8080';
const FOREIGN = 'http://evil.test';
const TOKEN = 'cors-admin-token';

describe.each(HTTP_PLATFORMS)('CORS with an allow-list on %s', (platform) => {
  let chat: ChatHarness;
  beforeAll(async () => {
    chat = await ChatHarness.start(
      { corsOrigins: [ALLOWED, OTHER_ALLOWED], adminToken: TOKEN },
      { platform },
    );
  });
  afterAll(() => chat.close());

  const polling = (origin?: string) =>
    http(`${chat.url}/socket.io/?EIO=4&transport=polling`, {
      headers: origin ? { Origin: origin } : {},
    });

  it.each([ALLOWED, OTHER_ALLOWED])(
    'GET /api/rooms from %s gets its origin back, with credentials',
    async (origin) => {
      const response = await http(`${chat.url}/api/rooms`, {
        headers: { Origin: origin, Authorization: `Bearer ${TOKEN}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers['access-control-allow-origin']).toBe(origin);
      expect(response.headers['access-control-allow-credentials']).toBe('true');
    },
  );

  it('GET /api/rooms from a foreign origin gets no Access-Control-Allow-Origin', async () => {
    const response = await http(`${chat.url}/api/rooms`, {
      headers: { Origin: FOREIGN },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a preflight for the push route from an allowed origin only', async () => {
    const preflight = (origin: string) =>
      http(`${chat.url}/api/rooms/lobby/messages`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight(ALLOWED);
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED);
    const foreign = await preflight(FOREIGN);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('the polling handshake from an allowed origin opens a session with CORS headers', async () => {
    const response = await polling(ALLOWED);
    expect(response.status).toBe(200);
    expect(response.body).toContain('"sid"');
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
  });

  it('the polling handshake from a foreign origin is refused without CORS headers', async () => {
    const response = await polling(FOREIGN);
    expect(response.status).toBe(403);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.body).not.toContain('"sid"');
  });

  it('a request with no Origin (a server-side client) is allowed', async () => {
    expect((await polling()).status).toBe(200);
  });

  it('a WebSocket upgrade from a foreign origin is refused', async () => {
    const message = await chat.refusal({}, '/chat', {
      transports: ['websocket'],
      extraHeaders: { Origin: FOREIGN },
    });
    expect(message).toBe('websocket error');
  });

  it('a WebSocket upgrade from an allowed origin connects', async () => {
    const client = chat.socket(
      {},
      { transports: ['websocket'], extraHeaders: { Origin: ALLOWED } },
    );
    const session = waitFor(client, 'session');
    client.connect();
    expect((await session).nickname).toMatch(/^guest-/);
  });

  it('a WebSocket upgrade answers without CORS headers (browsers apply none to WebSockets; its Origin is checked)', async () => {
    const ws = new WebSocket(
      `${chat.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`,
      { headers: { Origin: ALLOWED } },
    );
    try {
      const response = await within(
        new Promise<IncomingMessage>((resolve) => ws.once('upgrade', resolve)),
      );
      expect(response.statusCode).toBe(101);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers.vary).toBeUndefined();
    } finally {
      ws.terminate();
    }
  });

  it('a same-origin page (Origin equals Host) is allowed', async () => {
    const client = chat.socket(
      {},
      { transports: ['websocket'], extraHeaders: { Origin: chat.url } },
    );
    const session = waitFor(client, 'session');
    client.connect();
    await session;
  });

  it('the handshake refusal for a bad nickname is still INVALID_HANDSHAKE from an allowed origin', async () => {
    expect(
      await chat.refusal({ nickname: '' }, '/chat', {
        transports: ['polling'],
        extraHeaders: { Origin: ALLOWED },
      }),
    ).toBe(HandshakeError.InvalidHandshake);
  });
});

describe.each(HTTP_PLATFORMS)('CORS with "*" on %s', (platform) => {
  let chat: ChatHarness;
  beforeAll(async () => {
    chat = await ChatHarness.start({ corsOrigins: ['*'] }, { platform });
  });
  afterAll(() => chat.close());

  it('allows any origin without credentials on HTTP and the handshake', async () => {
    const api = await http(`${chat.url}/api/rooms`, {
      headers: { Origin: FOREIGN },
    });
    expect(api.headers['access-control-allow-origin']).toBe('*');
    expect(api.headers['access-control-allow-credentials']).toBeUndefined();
    const handshake = await http(
      `${chat.url}/socket.io/?EIO=4&transport=polling`,
      {
        headers: { Origin: FOREIGN },
      },
    );
    expect(handshake.status).toBe(200);
    expect(handshake.headers['access-control-allow-origin']).toBe('*');
    expect(
      handshake.headers['access-control-allow-credentials'],
    ).toBeUndefined();
  });
});

describe('CORS configuration', () => {
  it('refuses "*" combined with listed origins at start', async () => {
    const compile = Test.createTestingModule({
      imports: [ChatModule.forRoot({ corsOrigins: ['*', ALLOWED] })],
    }).compile();
    await expect(compile).rejects.toThrow(/"\*" cannot be combined/);
  });
});
