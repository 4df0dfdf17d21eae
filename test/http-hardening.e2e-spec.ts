import { ChatHarness, HTTP_PLATFORMS, requestOk } from './support/harness.js';
import { http } from './support/http.js';

const TOKEN = 'http-hardening-token';

describe.each(HTTP_PLATFORMS)(
  'HTTP API on %s against a client without the token',
  (platform) => {
    let chat: ChatHarness;
    beforeEach(async () => {
      chat = await ChatHarness.start(
        { adminToken: TOKEN, rateLimit: 0 },
        { platform },
      );
    });
    afterEach(() => chat.close());

    const push = (body: string, token?: string) =>
      http(`${chat.url}/api/rooms/lobby/messages`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body,
      });

    it('reads nothing without the token: rooms and history are 401', async () => {
      const { client } = await chat.connect('alice');
      await requestOk(client, 'room:join', { room: 'lobby' });
      await requestOk(client, 'message:send', {
        room: 'lobby',
        text: 'secret',
      });
      for (const path of ['/api/rooms', '/api/rooms/lobby/messages']) {
        const response = await http(`${chat.url}${path}`);
        expect(response.status).toBe(401);
        expect(response.body).not.toContain('secret');
        const wrong = await http(`${chat.url}${path}`, {
          headers: { Authorization: 'Bearer wrong' },
        });
        expect(wrong.status).toBe(401);
      }
    });

    it('checks the token before the body: malformed or huge bodies without it are 401', async () => {
      expect((await push('{"text": broken')).status).toBe(401);
      const huge = JSON.stringify({ text: 'x'.repeat(2_000_000) });
      expect((await push(huge)).status).toBe(401);
      expect((await push(huge, TOKEN)).status).toBe(413);
      // 100 kB, whatever the platform's own limit (Fastify's is 1 MiB).
      const large = JSON.stringify({ text: 'x'.repeat(150_000) });
      expect((await push(large, TOKEN)).status).toBe(413);
      expect((await push('{"text": broken', TOKEN)).status).toBe(400);
    });

    it('refuses a deeply nested body as 400, not 500', async () => {
      const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const response = await push(deep, TOKEN);
      expect(response.status).toBe(400);
      expect(response.body).toContain('nest');
    });

    it.each(['0x10', '%20%201', '1e1', '+1', '1.0'])(
      'refuses limit=%s: only plain decimal integers',
      async (limit) => {
        const response = await http(
          `${chat.url}/api/rooms/lobby/messages?limit=${limit}`,
          { headers: { Authorization: `Bearer ${TOKEN}` } },
        );
        expect(response.status).toBe(400);
      },
    );

    it('refuses limit[]=1', async () => {
      const response = await http(
        `${chat.url}/api/rooms/lobby/messages?limit[]=1`,
        { headers: { Authorization: `Bearer ${TOKEN}` } },
      );
      expect(response.status).toBe(400);
    });

    it('pages GET /api/rooms like room:list', async () => {
      const { client } = await chat.connect('alice');
      for (const room of ['a1', 'a2', 'a3']) {
        await requestOk(client, 'room:join', { room });
      }
      const response = await http(`${chat.url}/api/rooms?after=a1&limit=1`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(JSON.parse(response.body)).toEqual({
        rooms: [{ room: 'a2', members: 1 }],
        next: 'a2',
      });
    });
  },
);

describe.each(HTTP_PLATFORMS)(
  'a host on %s that did not ask for the HTTP routes',
  (platform) => {
    it('gets none mounted: its own paths stay its own', async () => {
      const chat = await ChatHarness.start(
        { adminToken: TOKEN },
        { http: false, platform },
      );
      try {
        const auth = { Authorization: `Bearer ${TOKEN}` };
        expect((await http(`${chat.url}/health`)).status).toBe(404);
        expect((await http(`${chat.url}/api/rooms`)).status).toBe(404);
        expect(
          (await http(`${chat.url}/api/rooms`, { headers: auth })).status,
        ).toBe(404);
        // No process collectors either without the metrics extra.
        expect(await chat.metric('chat_process_cpu_seconds_total')).toBe(0);
      } finally {
        await chat.close();
      }
    });
  },
);
