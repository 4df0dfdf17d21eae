import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { Ajv } from 'ajv';
import {
  asyncApiDocument,
  DOCUMENTED_EVENTS,
} from '../src/chat/contract/asyncapi.js';
import type { Message } from '../src/index.js';
import {
  ChatHarness,
  collect,
  requestOk,
  sendToRoom,
  settle,
} from './support/harness.js';
import { http } from './support/http.js';
import { WebhookReceiver } from './support/webhook-receiver.js';
import { ROOT, typeCheck } from './support/type-check.js';

const WORK = join(ROOT, '.asyncapi-check');
const document = asyncApiDocument({
  version: '0.0.0-test',
  path: '/socket.io',
});

type Doc = typeof document;
type Payloads = Record<
  string,
  { name: string; payload: object; headers?: object }
>;

/** The payload schema of a namespace's message named `name` (an event, or `<event> ack`). */
function schemaOf(
  doc: Doc,
  namespace: 'chat' | 'admin' | 'webhook',
  name: string,
  part: 'payload' | 'headers' = 'payload',
): object {
  const messages = doc.channels[namespace].messages as Payloads;
  const found = Object.values(messages).find((m) => m.name === name);
  if (!found) throw new Error(`no message ${name} in /${namespace}`);
  return found[part]!;
}

describe('the AsyncAPI document', () => {
  afterAll(() => rmSync(WORK, { recursive: true, force: true }));

  it('is a valid AsyncAPI 3.0 document (@asyncapi/parser)', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(
      JSON.stringify(document),
    );
    const errors = diagnostics.filter(
      (d) => Number(d.severity) === Number(DiagnosticSeverity.Error),
    );
    expect(errors).toEqual([]);
    expect(parsed?.version()).toBe('3.0.0');
    expect(parsed?.operations().length).toBe(
      Object.values(DOCUMENTED_EVENTS).reduce(
        (sum, { requests, events }) => sum + requests.length + events.length,
        0,
      ),
    );
  });

  it('names every event of the exported event maps (its entries are typed by them)', () => {
    // The document's tables are `Record<keyof <EventMap>, …>`: an event map
    // that gains or loses an event without the document does not compile.
    typeCheck(
      '.asyncapi-check',
      { files: ['../src/chat/contract/asyncapi.ts'], include: [] },
      [],
      'the document and the event maps',
    );
    expect(DOCUMENTED_EVENTS.chat.requests).toEqual(
      expect.arrayContaining(['message:edit', 'message:delete', 'room:read']),
    );
  }, 60_000);

  describe('against real traffic', () => {
    let chat: ChatHarness;
    afterEach(() => chat.close());

    it('describes the acks and events the server really sends, and is served at /asyncapi.json', async () => {
      chat = await ChatHarness.start({ adminToken: 't' }, { docs: true });
      const served = await http(`${chat.url}/asyncapi.json`);
      expect(served.status).toBe(200);
      const doc = JSON.parse(served.body) as Doc;
      const ajv = new Ajv({ strict: false });
      const check = (ns: 'chat' | 'admin', name: string, value: unknown) => {
        const validate = ajv.compile(schemaOf(doc, ns, name));
        if (!validate(value)) {
          throw new Error(
            `${name}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(value)}`,
          );
        }
      };
      const ann = (await chat.connect('ann')).client;
      const ben = (await chat.connect('ben')).client;
      const events = {
        new: collect(ben, 'message:new'),
        updated: collect(ben, 'message:updated'),
        deleted: collect(ben, 'message:deleted'),
        joined: collect(ann, 'room:joined'),
      };
      const ask = async (
        socket: typeof ann,
        event: string,
        payload: unknown,
      ) => {
        const answer = await (
          socket.timeout(2000) as unknown as {
            emitWithAck(e: string, p: unknown): Promise<unknown>;
          }
        ).emitWithAck(event, payload);
        check('chat', `${event} ack`, answer);
        return answer;
      };
      await ask(ann, 'room:join', { room: 'r' });
      await ask(ben, 'room:join', { room: 'r', since: 0 });
      const sent: Message = await sendToRoom(ann, 'r', 'hello', 'c-1');
      await ask(ann, 'message:send', {
        room: 'r',
        text: 'again',
        clientMessageId: 'c-1',
      });
      await ask(ann, 'message:edit', {
        room: 'r',
        id: sent.id,
        text: 'edited',
      });
      await ask(ann, 'message:delete', { room: 'r', id: sent.id });
      await ask(ann, 'message:delete', { room: 'r', id: sent.id }); // a refusal
      await ask(ben, 'room:read', { room: 'r', seq: 1 });
      await ask(ben, 'room:history', { room: 'r' });
      await ask(ann, 'room:list', {});
      await ask(ann, 'typing', { room: 'r', typing: true });
      await ask(ann, 'message:private', { to: 'nobody', text: 'x' });
      await ask(ann, 'message:broadcast', { text: 'all' });
      await requestOk(ann, 'room:leave', { room: 'r' });
      await settle(ben, ann);
      for (const m of events.new) check('chat', 'message:new', m);
      for (const m of events.updated) check('chat', 'message:updated', m);
      for (const m of events.deleted) check('chat', 'message:deleted', m);
      for (const m of events.joined) check('chat', 'room:joined', m);
      expect(
        events.new.length + events.updated.length + events.deleted.length,
      ).toBe(3);
      const admin = await chat.admin('t');
      for (const [event, payload] of [
        ['admin:stats', {}],
        ['admin:moderation', { room: 'r' }],
        ['admin:ban', { userId: 'u', room: 'r', durationMs: 1000 }],
      ] as const) {
        const answer = await (
          admin as unknown as {
            emitWithAck(e: string, p: unknown): Promise<unknown>;
          }
        ).emitWithAck(event, payload);
        check('admin', `${event} ack`, answer);
      }
    });

    it('describes the webhook request the server really sends', async () => {
      const receiver = await WebhookReceiver.start();
      try {
        chat = await ChatHarness.start(
          { webhook: { url: receiver.url, secret: 'k' } },
          { docs: true },
        );
        const doc = JSON.parse(
          (await http(`${chat.url}/asyncapi.json`)).body,
        ) as Doc;
        const { client } = await chat.connect('ann');
        await requestOk(client, 'room:join', { room: 'r' });
        await sendToRoom(client, 'r', 'hello');
        const [request] = await receiver.waitForRequests(1);
        const ajv = new Ajv({ strict: false });
        for (const [part, value] of [
          ['payload', request.event],
          ['headers', request.headers],
        ] as const) {
          const validate = ajv.compile(
            schemaOf(doc, 'webhook', 'message.new', part),
          );
          expect(validate(value) || ajv.errorsText(validate.errors)).toBe(true);
        }
      } finally {
        await receiver.close();
      }
    });
  });
});
