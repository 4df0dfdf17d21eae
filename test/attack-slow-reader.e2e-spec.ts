import type { JoinResult } from '../src/index.js';
import { ChatHarness, requestOk, until, within } from './support/harness.js';
import { http } from './support/http.js';
import { RawChatSocket, silentWebSocket } from './support/raw-client.js';

/** Control characters: 12 kB a message once JSON escapes them. */
const HEAVY_TEXT = '\u0001'.repeat(1990);
const MAX_BUFFERED = 1_000_000;
const PAGE_BYTES = 256_000;

/**
 * A client that stops reading while asking for large answers must not make
 * the server hold what it cannot write (it ran out of memory before).
 */
describe('a client that does not read', () => {
  let chat: ChatHarness;
  beforeEach(async () => {
    chat = await ChatHarness.start({
      rateLimit: 0,
      maxBufferedBytes: MAX_BUFFERED,
      pingIntervalMs: 60_000,
    });
    const filler = await chat.connect('filler');
    await requestOk(filler.client, 'room:join', { room: 'big' });
    for (let i = 0; i < 100; i++) {
      await requestOk(filler.client, 'message:send', {
        room: 'big',
        text: `${i} ${HEAVY_TEXT}`,
      });
    }
  });
  afterEach(() => chat.close());

  it('bounds one page of history in bytes, keeping the newest messages', async () => {
    const reader = await chat.connect('reader');
    const joined = await requestOk<JoinResult>(reader.client, 'room:join', {
      room: 'big',
    });
    expect(JSON.stringify(joined.history).length).toBeLessThanOrEqual(
      PAGE_BYTES,
    );
    expect(joined.history.length).toBeGreaterThan(0);
    expect(joined.history.at(-1)?.text.startsWith('99 ')).toBe(true);
  });

  it('closes a WebSocket client whose unread bytes pass the bound; the others carry on', async () => {
    const attacker = await RawChatSocket.open(chat.url, 'mallory');
    await attacker.ack(attacker.emit('room:join', { room: 'big' }));
    attacker.pauseReading();
    // Each answer is a page of up to 256 kB; the kernel buffers a few MB first.
    for (let i = 0; i < 400; i++) {
      if ((await chat.metric('chat_slow_consumers_closed_total')) > 0) break;
      attacker.emit('room:history', { room: 'big' });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until(
      async () => (await chat.metric('chat_slow_consumers_closed_total')) === 1,
    );
    attacker.resumeReading();
    await attacker.closed;
    const bystander = await chat.connect('bystander');
    await requestOk(bystander.client, 'room:join', { room: 'big' });
  });

  it('keeps a client that reads, after far more than the bound went to it in total', async () => {
    const reader = await chat.connect('reader');
    await requestOk(reader.client, 'room:join', { room: 'big' });
    // The bound counts what waits, not what was written: ten pages of up to 256 kB.
    for (let i = 0; i < 10; i++) {
      await requestOk(reader.client, 'room:history', { room: 'big' });
    }
    expect(await chat.metric('chat_slow_consumers_closed_total')).toBe(0);
    expect(reader.client.connected).toBe(true);
  });

  it('closes a polling client that never fetches what it asked for', async () => {
    const polling = `${chat.url}/socket.io/?EIO=4&transport=polling`;
    const open = await http(polling);
    const { sid } = JSON.parse(open.body.slice(1)) as { sid: string };
    const post = (body: string) =>
      http(`${polling}&sid=${sid}`, { method: 'POST', body });
    await post('40/chat,{}');
    await post('42/chat,1["room:join",{"room":"big"}]');
    for (let i = 0; i < 40; i++) {
      const sent = await post(
        `42/chat,${i + 2}["room:history",{"room":"big"}]`,
      );
      if (sent.status !== 200) break;
    }
    expect(await chat.metric('chat_slow_consumers_closed_total')).toBe(1);
    // The session is gone: its buffered answers went with it.
    expect((await http(`${polling}&sid=${sid}`)).body).not.toContain('room');
  });
});

describe('a client that never answers the close frame', () => {
  it('does not hold the shutdown: its connection is cut within seconds', async () => {
    const chat = await ChatHarness.start();
    const silent = await silentWebSocket(chat.url);
    const cut = new Promise((resolve) => silent.once('close', resolve));
    try {
      // `ws` alone waits 30 s for the answer, and `app.close()` with it.
      await chat.close();
      await within(cut, 1000);
    } finally {
      silent.destroy(); // left open only if the test fails
    }
  }, 12_000);
});
