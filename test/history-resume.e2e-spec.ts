import {
  ErrorCode,
  type HistoryResult,
  type JoinResult,
  type Message,
} from '../src/index.js';
import {
  ChatHarness,
  collect,
  request,
  requestOk,
  sendToRoom,
  settle,
  type ChatClient,
} from './support/harness.js';
import { http } from './support/http.js';
import { STORE_MODES, type StoreMode } from './support/store-modes.js';

const TOKEN = 'resume-token';
const LIMIT = 5;

/** The contract's "Sequence numbers and resuming", in every mode. */
describe.each(STORE_MODES)(
  'seq, resume and idempotent sends (%s)',
  (mode, describeIf, open) => {
    describeIf(mode, () => {
      let store: StoreMode;
      let chat: ChatHarness;
      let alice: ChatClient;
      let bob: ChatClient;

      beforeEach(async () => {
        store = await open();
        chat = await ChatHarness.start({
          ...store.options,
          historyLimit: LIMIT,
          rateLimit: 0,
          adminToken: TOKEN,
        });
        alice = (await chat.connect('alice')).client;
        bob = (await chat.connect('bob')).client;
        await requestOk(alice, 'room:join', { room: 'r' });
      });
      afterEach(async () => {
        await chat.close();
        await store.close();
      });

      const send = (text: string, clientMessageId?: string, from = alice) =>
        sendToRoom(from, 'r', text, clientMessageId);
      const seqsOf = (messages: Message[]) => messages.map((m) => m.seq);

      it('numbers room messages from 1, in the ack and in message:new, and answers latestSeq', async () => {
        const live = collect(alice, 'message:new');
        for (const text of ['a', 'b', 'c']) await send(text);
        await settle(alice);
        expect(seqsOf(live)).toEqual([1, 2, 3]);
        const joined = await requestOk<JoinResult>(bob, 'room:join', {
          room: 'r',
        });
        expect(joined).toMatchObject({
          latestSeq: 3,
          complete: true,
          lastRead: 0,
          unread: 3,
        });
        expect(seqsOf(joined.history)).toEqual([1, 2, 3]);
      });

      it('room:join { since } answers exactly the missed messages, or complete: false', async () => {
        for (let i = 1; i <= 8; i++) await send(`m${i}`);
        const since = async (value: number) =>
          requestOk<JoinResult>(alice, 'room:join', {
            room: 'r',
            since: value,
          });
        // Joining again is a no-op that answers `since` again.
        expect(await since(6)).toMatchObject({ latestSeq: 8, complete: true });
        expect(seqsOf((await since(6)).history)).toEqual([7, 8]);
        expect(await since(8)).toMatchObject({
          history: [],
          latestSeq: 8,
          complete: true,
        });
        // More missed than one page: the oldest missed first, then page on.
        const behind = await since(1);
        expect(seqsOf(behind.history)).toEqual(
          mode === 'PostgreSQL' ? [2, 3, 4, 5, 6] : [4, 5, 6, 7, 8],
        );
        expect(behind.complete).toBe(false);
        // Past latestSeq (the room began again): as without since, not complete.
        const ahead = await since(50);
        expect(seqsOf(ahead.history)).toEqual([4, 5, 6, 7, 8]);
        expect(ahead).toMatchObject({ latestSeq: 8, complete: false });
        // Without since, complete only when the history starts at 1.
        expect(
          (await requestOk<JoinResult>(bob, 'room:join', { room: 'r' }))
            .complete,
        ).toBe(false);
      });

      it('room:history pages both ways with hasMore, down to the first message kept', async () => {
        for (let i = 1; i <= 8; i++) await send(`m${i}`);
        const page = (query: object) =>
          requestOk<HistoryResult>(alice, 'room:history', {
            room: 'r',
            ...query,
          });
        const first = mode === 'PostgreSQL' ? 1 : 4;
        let older = await page({ limit: 2 });
        expect([seqsOf(older.messages), older.hasMore]).toEqual([[7, 8], true]);
        const collected = [...older.messages];
        while (older.hasMore) {
          older = await page({ limit: 2, before: collected[0].seq });
          collected.unshift(...older.messages);
        }
        expect(seqsOf(collected)).toEqual(
          Array.from({ length: 9 - first }, (_, i) => first + i),
        );
        const newer = await page({ after: first, limit: 3 });
        expect([seqsOf(newer.messages), newer.hasMore]).toEqual([
          [first + 1, first + 2, first + 3],
          first + 3 < 8,
        ]);
        expect(await page({ after: 8 })).toEqual({
          room: 'r',
          messages: [],
          hasMore: false,
        });
        // Bob is not a member.
        const refused = await request(bob, 'room:history', { room: 'r' });
        expect(refused).toMatchObject({
          ok: false,
          error: { code: ErrorCode.NotInRoom },
        });
      });

      it.each([
        ['room:join', { room: 'r', since: -1 }, 'since'],
        ['room:join', { room: 'r', since: 1.5 }, 'since'],
        ['room:join', { room: 'r', since: '3' }, 'since'],
        ['room:history', { room: 'r', before: -1 }, 'before'],
        ['room:history', { room: 'r', after: 'x' }, 'after'],
        ['room:history', { room: 'r', before: 3, after: 1 }, 'after'],
        [
          'message:send',
          { room: 'r', text: 'x', clientMessageId: '' },
          'clientMessageId',
        ],
        [
          'message:send',
          { room: 'r', text: 'x', clientMessageId: 'a b' },
          'clientMessageId',
        ],
        [
          'message:send',
          { room: 'r', text: 'x', clientMessageId: 'x'.repeat(65) },
          'clientMessageId',
        ],
        [
          'message:send',
          { room: 'r', text: 'x', clientMessageId: 7 },
          'clientMessageId',
        ],
      ])(
        '%s %j is VALIDATION_FAILED naming %s, and changes nothing',
        async (event, payload, field) => {
          const response = await request(alice, event, payload);
          expect(response).toMatchObject({
            ok: false,
            error: { code: ErrorCode.ValidationFailed },
          });
          const details = (
            response as { error: { details: { field: string }[] } }
          ).error.details;
          expect(details.map((d) => d.field)).toContain(field);
          expect(
            (await requestOk<JoinResult>(alice, 'room:join', { room: 'r' }))
              .latestSeq,
          ).toBe(0);
        },
      );

      it('a retried clientMessageId answers the first message, stores and delivers nothing new, and costs no budget', async () => {
        await requestOk(bob, 'room:join', { room: 'r' });
        const toBob = collect(bob, 'message:new');
        const first = await send('hello', 'c-1');
        expect(first).toMatchObject({ seq: 1, clientMessageId: 'c-1' });
        expect(await send('hello (retry)', 'c-1')).toEqual(first);
        // The same id from another user is another message.
        expect((await send('mine', 'c-1', bob)).seq).toBe(2);
        await settle(bob);
        expect(toBob.map((m) => m.text)).toEqual(['hello', 'mine']);
        // Over HTTP: 201, then 200 with the same message.
        const push = (clientMessageId: string) =>
          http(`${chat.url}/api/rooms/r/messages`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${TOKEN}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ text: 'from http', clientMessageId }),
          });
        const created = await push('h-1');
        const repeated = await push('h-1');
        expect([created.status, repeated.status]).toEqual([201, 200]);
        expect(JSON.parse(repeated.body)).toEqual(JSON.parse(created.body));
        const history = await requestOk<HistoryResult>(alice, 'room:history', {
          room: 'r',
        });
        expect(seqsOf(history.messages)).toEqual([1, 2, 3]);
      });

      it('a push into a room without members is kept with a seq only with a database', async () => {
        const pushed = await chat.rooms.publishToRoom('nobody-here', 'hello?');
        const kept = await chat.rooms.history('nobody-here');
        if (mode === 'PostgreSQL') {
          expect(pushed.seq).toBe(1);
          expect(kept.messages).toEqual([pushed]);
        } else {
          expect(pushed.seq).toBeUndefined();
          expect(kept.messages).toEqual([]);
        }
      });

      it('GET messages pages with before / after and hasMore; bad values are 400', async () => {
        for (let i = 1; i <= 4; i++) await send(`m${i}`);
        const get = (query: string) =>
          http(`${chat.url}/api/rooms/r/messages${query}`, {
            headers: { authorization: `Bearer ${TOKEN}` },
          });
        const older = JSON.parse(
          (await get('?limit=2&before=4')).body,
        ) as HistoryResult;
        expect([seqsOf(older.messages), older.hasMore]).toEqual([[2, 3], true]);
        const newer = JSON.parse((await get('?after=2')).body) as HistoryResult;
        expect([seqsOf(newer.messages), newer.hasMore]).toEqual([
          [3, 4],
          false,
        ]);
        for (const bad of [
          '?before=-1',
          '?after=1e2',
          '?before=2&after=1',
          '?after=x',
        ]) {
          expect((await get(bad)).status).toBe(400);
        }
      });
    });
  },
);

describe('budgets and repeats', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  it('a repeat of a kept message is answered even when the budget is spent', async () => {
    chat = await ChatHarness.start({ rateLimit: 2 });
    const { client } = await chat.connect('alice');
    await requestOk(client, 'room:join', { room: 'r' });
    const sends = ['c-1', 'c-2'].map((id) =>
      requestOk<{ message: Message }>(client, 'message:send', {
        room: 'r',
        text: id,
        clientMessageId: id,
      }),
    );
    const [first] = await Promise.all(sends);
    const retry = await request(client, 'message:send', {
      room: 'r',
      text: 'again',
      clientMessageId: 'c-1',
    });
    expect(retry).toEqual({ ok: true, data: first });
    const fresh = await request(client, 'message:send', {
      room: 'r',
      text: 'new',
      clientMessageId: 'c-3',
    });
    expect(fresh).toMatchObject({
      ok: false,
      error: { code: ErrorCode.RateLimited },
    });
  });
});
