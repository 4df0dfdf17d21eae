import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { Ajv } from 'ajv';
import * as conversations from '../../contract/asyncapi-conversations.js';
import * as schemas from '../../contract/asyncapi-schemas.js';
import { WsValidationPipe } from '../../errors/ws-validation.pipe.js';
import { fastCheckOf } from './fast-accept.js';
import {
  BroadcastMessageDto,
  JoinRoomDto,
  PrivateMessageDto,
  ReactDto,
  RoomDto,
  SendMessageDto,
  TypingDto,
} from '../../dto/index.js';

/** What the pipe's fast path takes from a payload (`null`: the full run decides). */
const acceptFast = (dto: unknown, payload: Record<string, unknown>) =>
  fastCheckOf(dto)?.(payload) ?? null;

const ROOMS = [
  'lobby',
  'a',
  'r'.repeat(64),
  'r'.repeat(65),
  '',
  '-x',
  'lob by',
  'room/x',
  'lobby\n',
  7,
  null,
  undefined,
  {},
  ['lobby'],
];
const TEXTS = [
  'hi',
  '  hi  ',
  '\u00a0hi\t',
  '',
  '   \n',
  5,
  null,
  undefined,
  ['hi'],
  { text: 'hi' },
  'x'.repeat(2001),
];
const FLAGS = [true, false, 'true', 1, 0, null, undefined];
const SEQS = [
  0,
  1,
  42,
  -1,
  1.5,
  '3',
  Number.MAX_SAFE_INTEGER + 1,
  null,
  undefined,
];
const CLIENT_IDS = [
  'a',
  'x_Y-9',
  'x'.repeat(64),
  'x'.repeat(65),
  '',
  'a b',
  'é',
  7,
  null,
  undefined,
];
const REPLY_IDS = [
  '0b0e3e9e-6d3c-4b8a-9d55-0c9f5d1e2a77',
  'not-a-uuid',
  'x'.repeat(64),
  'x'.repeat(65),
  '',
  42,
  null,
  undefined,
];
const EMOJIS = [
  '👍',
  '👨‍👩‍👧',
  '+1',
  'x'.repeat(16),
  'x'.repeat(17),
  ' ',
  'a b',
  '\u200d',
  '\u0007',
  '',
  3,
  null,
  undefined,
];
const RECIPIENTS = [
  'someone',
  '',
  ' ',
  'x'.repeat(256),
  'x'.repeat(257),
  '😀'.repeat(200),
  5,
  null,
  undefined,
];
const EXTRAS = [
  {},
  { extra: 1 },
  { room: 'lobby', typing: true, text: 'x', to: 'y' },
];

/** Every combination of the listed values per field, with and without extra keys. */
function payloads(
  fields: Record<string, unknown[]>,
): Record<string, unknown>[] {
  let all: Record<string, unknown>[] = EXTRAS.map((extra) => ({ ...extra }));
  for (const [field, values] of Object.entries(fields)) {
    all = all.flatMap((base) =>
      values.map((value) => {
        const payload = { ...base };
        if (value === undefined) delete payload[field];
        else payload[field] = value;
        return payload;
      }),
    );
  }
  return all;
}

/** Name, DTO, the values tried per field, a canonical payload, and the AsyncAPI payload schema. */
const CASES: [
  string,
  unknown,
  Record<string, unknown[]>,
  Record<string, unknown>,
  schemas.Schema,
][] = [
  ['RoomDto', RoomDto, { room: ROOMS }, { room: 'lobby' }, schemas.roomRef],
  [
    'JoinRoomDto',
    JoinRoomDto,
    { room: ROOMS, since: SEQS },
    { room: 'lobby', since: 3 },
    schemas.joinPayload,
  ],
  [
    'SendMessageDto',
    SendMessageDto,
    {
      room: ROOMS,
      text: TEXTS,
      clientMessageId: CLIENT_IDS,
      replyTo: REPLY_IDS,
    },
    {
      room: 'lobby',
      text: 'hi',
      clientMessageId: 'c-1',
      replyTo: '0b0e3e9e-6d3c-4b8a-9d55-0c9f5d1e2a77',
    },
    schemas.sendPayload,
  ],
  [
    'ReactDto',
    ReactDto,
    { room: ROOMS, id: REPLY_IDS, emoji: EMOJIS, on: FLAGS },
    {
      room: 'lobby',
      id: '0b0e3e9e-6d3c-4b8a-9d55-0c9f5d1e2a77',
      emoji: '👍',
      on: true,
    },
    conversations.reactPayload,
  ],
  [
    'TypingDto',
    TypingDto,
    { room: ROOMS, typing: FLAGS },
    { room: 'lobby', typing: true },
    schemas.typingPayload,
  ],
  [
    'BroadcastMessageDto',
    BroadcastMessageDto,
    { text: TEXTS, includeSelf: FLAGS },
    { text: 'hi', includeSelf: true },
    schemas.broadcastPayload,
  ],
  [
    'PrivateMessageDto',
    PrivateMessageDto,
    { to: RECIPIENTS, text: TEXTS },
    { to: 'someone', text: 'hi' },
    schemas.privatePayload,
  ],
];

describe('payload rules: each DTO, its cheap check and its AsyncAPI schema agree', () => {
  const pipe = new WsValidationPipe();
  /** The full class-transformer + class-validator run, without the fast path. */
  const fullValidation = (metatype: unknown, payload: unknown) =>
    ValidationPipe.prototype.transform
      .call(pipe, payload, { type: 'body', metatype } as ArgumentMetadata)
      .then(
        (value: object) => ({ accepted: true, value: { ...value } }),
        () => ({ accepted: false, value: null }),
      );

  it.each(CASES)(
    '%s: accepts only what full validation accepts, with the same value',
    async (_name, dto, fields, canonical) => {
      let acceptedFast = 0;
      for (const payload of payloads(fields)) {
        const fast = acceptFast(dto, payload);
        if (fast === null) continue;
        acceptedFast++;
        const full = await fullValidation(dto, payload);
        expect({ payload, ...full }).toEqual({
          payload,
          accepted: true,
          value: fast,
        });
      }
      expect(acceptFast(dto, canonical)).toEqual(canonical);
      expect(acceptedFast).toBeGreaterThan(1);
    },
  );

  // The DTO is the rule; the AsyncAPI document describes it. A schema that
  // refuses what the DTO takes (or a DTO changed alone) has drifted.
  it.each(CASES)(
    '%s: its AsyncAPI schema takes every payload the DTO takes',
    async (_name, dto, fields, _canonical, schema) => {
      const validate = new Ajv({ strict: false }).compile(schema);
      let accepted = 0;
      for (const payload of payloads(fields)) {
        const full = await fullValidation(dto, payload);
        if (!full.accepted) continue;
        accepted++;
        expect({ payload, schema: validate(payload) }).toEqual({
          payload,
          schema: true,
        });
      }
      expect(accepted).toBeGreaterThan(1);
    },
  );

  it('leaves DTOs without a fast check to full validation', () => {
    expect(acceptFast(Object, { room: 'lobby' })).toBeNull();
  });
});
