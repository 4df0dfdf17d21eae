import { ErrorCode, type ErrorBody } from '../src/index.js';
import {
  ChatHarness,
  emitWithoutAck,
  request,
  requestOk,
  settle,
  type ChatClient,
} from './support/harness.js';

/** Payloads that are not objects: each must be refused as a whole. */
const NOT_OBJECTS: [string, unknown][] = [
  ['a number', 42],
  ['a string', 'lobby'],
  ['an array', [{ room: 'lobby' }]],
  ['a boolean', true],
];

const BAD_ROOMS: [string, unknown][] = [
  ['empty', ''],
  ['starting with a dash', '-lobby'],
  ['with a space', 'lob by'],
  ['with a slash', 'room/x'],
  ['too long', 'r'.repeat(65)],
  ['a number', 7],
  ['null', null],
  ['an object', { name: 'lobby' }],
];

const BAD_TEXTS: [string, unknown][] = [
  ['empty', ''],
  ['whitespace only', '   \n\t '],
  ['over the limit', 'x'.repeat(2001)],
  ['a number', 5],
  ['an array', ['hi']],
  ['missing', undefined],
];

type Case = { event: string; payload: unknown; field?: string };

function cases(): [string, Case][] {
  const all: [string, Case][] = [];
  const eventsWithPayloads: Record<string, Record<string, unknown>> = {
    'room:join': { room: 'lobby' },
    'room:leave': { room: 'lobby' },
    'room:history': { room: 'lobby' },
    'message:send': { room: 'lobby', text: 'hi' },
    'message:broadcast': { text: 'hi' },
    'message:private': { to: 'someone', text: 'hi' },
    typing: { room: 'lobby', typing: true },
  };
  for (const [event, valid] of Object.entries(eventsWithPayloads)) {
    all.push([`${event} with no payload`, { event, payload: undefined }]);
    all.push([`${event} with null`, { event, payload: null }]);
    for (const [kind, payload] of NOT_OBJECTS) {
      all.push([`${event} with ${kind}`, { event, payload, field: 'payload' }]);
    }
    if ('room' in valid) {
      for (const [kind, room] of BAD_ROOMS) {
        all.push([
          `${event} with a room name ${kind}`,
          { event, payload: { ...valid, room }, field: 'room' },
        ]);
      }
    }
    if ('text' in valid) {
      for (const [kind, text] of BAD_TEXTS) {
        all.push([
          `${event} with text ${kind}`,
          { event, payload: { ...valid, text }, field: 'text' },
        ]);
      }
    }
  }
  for (const [kind, payload] of NOT_OBJECTS) {
    all.push([
      `room:list with ${kind}`,
      { event: 'room:list', payload, field: 'payload' },
    ]);
  }
  const wrongTypes: [string, Case][] = [
    [
      'room:history with a fractional limit',
      {
        event: 'room:history',
        payload: { room: 'lobby', limit: 1.5 },
        field: 'limit',
      },
    ],
    [
      'room:history with a zero limit',
      {
        event: 'room:history',
        payload: { room: 'lobby', limit: 0 },
        field: 'limit',
      },
    ],
    [
      'room:history with a string limit',
      {
        event: 'room:history',
        payload: { room: 'lobby', limit: '5' },
        field: 'limit',
      },
    ],
    [
      'message:broadcast with a string includeSelf',
      {
        event: 'message:broadcast',
        payload: { text: 'hi', includeSelf: 'yes' },
        field: 'includeSelf',
      },
    ],
    [
      'message:private with a numeric to',
      {
        event: 'message:private',
        payload: { to: 12, text: 'hi' },
        field: 'to',
      },
    ],
    [
      'message:private with an empty to',
      {
        event: 'message:private',
        payload: { to: '', text: 'hi' },
        field: 'to',
      },
    ],
    [
      'typing with a string flag',
      {
        event: 'typing',
        payload: { room: 'lobby', typing: 'true' },
        field: 'typing',
      },
    ],
    [
      'typing without the flag',
      { event: 'typing', payload: { room: 'lobby' }, field: 'typing' },
    ],
  ];
  return [...all, ...wrongTypes];
}

describe('malformed payloads (/chat)', () => {
  let chat: ChatHarness;
  let sender: ChatClient;
  let witness: ChatClient;
  let senderId: string;

  beforeAll(async () => {
    chat = await ChatHarness.start({ rateLimit: 0 });
    const s = await chat.connect('sender');
    const w = await chat.connect('witness');
    sender = s.client;
    witness = w.client;
    senderId = s.session.userId;
    await requestOk(sender, 'room:join', { room: 'lobby' });
    await requestOk(witness, 'room:join', { room: 'lobby' });
  });
  afterAll(() => chat.close());

  const received: string[] = [];
  beforeAll(() => {
    for (const event of [
      'message:new',
      'message:broadcast',
      'message:private',
      'typing',
      'room:joined',
      'room:left',
    ] as const) {
      witness.on(event, () => received.push(event));
    }
  });

  async function snapshot() {
    const [list, history] = await Promise.all([
      requestOk(witness, 'room:list'),
      requestOk(witness, 'room:history', { room: 'lobby' }),
    ]);
    return { list, history, stats: await chat.rooms.stats() };
  }

  it.each(cases())(
    '%s is VALIDATION_FAILED, changes nothing, keeps the socket',
    async (_name, { event, payload, field }) => {
      const before = await snapshot();
      const args = payload === undefined ? [] : [payload];
      const response = await request(sender, event, ...args);
      expect(response.ok).toBe(false);
      const error = (response as { error: ErrorBody }).error;
      expect(error.code).toBe(ErrorCode.ValidationFailed);
      expect(typeof error.message).toBe('string');
      expect(Array.isArray(error.details)).toBe(true);
      if (field) {
        expect(
          (error.details as { field: string }[]).map((d) => d.field),
        ).toContain(field);
      }
      expect(sender.connected).toBe(true);
      await settle(witness);
      expect(received).toEqual([]);
      expect(await snapshot()).toEqual(before);
      // The sender still works after the refusal.
      await requestOk(sender, 'typing', { room: 'lobby', typing: false });
      received.length = 0;
    },
  );

  it('a refused payload without an ack arrives as "exception" with the event name', async () => {
    const exception = new Promise((resolve) =>
      sender.once('exception', resolve),
    );
    emitWithoutAck(sender, 'room:join', { room: 'bad room' });
    expect(await exception).toEqual({
      code: ErrorCode.ValidationFailed,
      message: expect.any(String),
      details: [
        { field: 'room', errors: [expect.stringContaining('room must match')] },
      ],
      event: 'room:join',
    });
    expect(sender.connected).toBe(true);
  });

  it('extra fields are ignored, not stored or echoed', async () => {
    const { message } = await requestOk<{ message: Record<string, unknown> }>(
      sender,
      'message:send',
      {
        room: 'lobby',
        text: 'hi',
        from: { userId: 'spoofed', nickname: 'admin' },
        id: 'forged',
      },
    );
    expect(message.from).toEqual({ userId: senderId, nickname: 'sender' });
    expect(message.id).not.toBe('forged');
    received.length = 0;
  });
});
