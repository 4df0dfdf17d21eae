import { ChatHarness, request, requestOk, within } from './support/harness.js';
import { http } from './support/http.js';
import { EVENT_TIMING_SAMPLE } from '../src/chat/metrics/event-meter.js';

describe('GET /metrics', () => {
  let chat: ChatHarness;
  beforeEach(async () => {
    chat = await ChatHarness.start(
      { adminToken: 'token', rateLimit: 0 },
      { metrics: true },
    );
  });
  afterEach(() => chat.close());

  const scrape = async () => {
    const response = await http(`${chat.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    return response.body;
  };
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined
      ? undefined
      : Number(line.slice(series.length + 1));
  };

  it('reports connections, rooms, messages by kind, errors by code and event timings after traffic', async () => {
    const alice = await chat.connect('alice');
    const bob = await chat.connect('bob');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    await requestOk(bob.client, 'room:join', { room: 'other' });
    await requestOk(alice.client, 'message:send', {
      room: 'lobby',
      text: 'one',
    });
    await requestOk(alice.client, 'message:send', {
      room: 'lobby',
      text: 'two',
    });
    await requestOk(alice.client, 'message:broadcast', { text: 'all' });
    await requestOk(alice.client, 'message:private', {
      to: bob.session.userId,
      text: 'dm',
    });
    const admin = await chat.admin('token');
    await within(admin.emitWithAck('admin:announce', { text: 'note' }));
    await request(bob.client, 'message:send', {
      room: 'lobby',
      text: 'not a member',
    });
    await request(bob.client, 'room:join', { room: 'bad room' });

    const text = await scrape();
    expect(value(text, 'chat_connections')).toBe(2);
    expect(value(text, 'chat_rooms')).toBe(2);
    expect(value(text, 'chat_messages_total{kind="room"}')).toBe(2);
    expect(value(text, 'chat_messages_total{kind="broadcast"}')).toBe(1);
    expect(value(text, 'chat_messages_total{kind="private"}')).toBe(1);
    expect(value(text, 'chat_messages_total{kind="announcement"}')).toBe(1);
    expect(value(text, 'chat_errors_total{code="NOT_IN_ROOM"}')).toBe(1);
    expect(value(text, 'chat_errors_total{code="VALIDATION_FAILED"}')).toBe(1);
    expect(value(text, 'chat_events_total{event="message:send"}')).toBe(3);
    expect(value(text, 'chat_events_total{event="room:join"}')).toBe(3);
    // The first event of each name is timed, then one in EVENT_TIMING_SAMPLE.
    expect(
      value(text, 'chat_event_duration_seconds_count{event="message:send"}'),
    ).toBe(1);
    expect(
      value(text, 'chat_event_duration_seconds_count{event="room:join"}'),
    ).toBe(1);
    expect(text).not.toContain('chat_redis_up ');
    expect(text).toContain('chat_process_resident_memory_bytes');
    // Never message text or tokens.
    expect(text).not.toMatch(/not a member|token/);
  });

  it('counts every event and times the first and then one in EVENT_TIMING_SAMPLE of each name', async () => {
    const alice = await chat.connect('alice');
    await requestOk(alice.client, 'room:join', { room: 'lobby' });
    const sends = EVENT_TIMING_SAMPLE + 2;
    for (let i = 0; i < sends; i++) {
      await requestOk(alice.client, 'message:send', {
        room: 'lobby',
        text: `m${i}`,
      });
    }
    const text = await scrape();
    expect(value(text, 'chat_events_total{event="message:send"}')).toBe(sends);
    expect(value(text, 'chat_messages_total{kind="room"}')).toBe(sends);
    expect(
      value(text, 'chat_event_duration_seconds_count{event="message:send"}'),
    ).toBe(2);
  });

  it('is not served unless enabled', async () => {
    await chat.close();
    chat = await ChatHarness.start();
    expect((await http(`${chat.url}/metrics`)).status).toBe(404);
  });
});
