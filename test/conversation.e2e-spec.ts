import type {
  DeletedEvent,
  JoinResult,
  Message,
  ReadEvent,
} from '../src/index.js';
import {
  answerCode,
  byUserName,
  ChatHarness,
  emitWithoutAck,
  waitFor,
  collect,
  requestOk,
  sendToRoom,
  settle,
  type ChatClient,
} from './support/harness.js';
import { STORE_MODES, type StoreMode } from './support/store-modes.js';

/** The contract's "Edits, deletions and read positions", in every mode. */
describe.each(STORE_MODES)(
  'edits, deletions and read positions (%s)',
  (mode, describeIf, open) => {
    describeIf(mode, () => {
      let store: StoreMode;
      let chat: ChatHarness;
      let ann: ChatClient;
      let annPhone: ChatClient;
      let bob: ChatClient;
      let eve: ChatClient;

      const connect = async (user: string) =>
        (await chat.connectWith({ user })).client;

      beforeEach(async () => {
        store = await open();
        chat = await ChatHarness.start({
          ...store.options,
          authenticate: byUserName,
          rateLimit: 0,
        });
        [ann, annPhone, bob, eve] = await Promise.all(
          ['ann', 'ann', 'bob', 'eve'].map(connect),
        );
        for (const socket of [ann, annPhone, bob]) {
          await requestOk(socket, 'room:join', { room: 'r' });
        }
      });
      afterEach(async () => {
        await chat.close();
        await store.close();
      });

      const history = async (socket = bob) =>
        (
          await requestOk<{ messages: Message[] }>(socket, 'room:history', {
            room: 'r',
          })
        ).messages;

      it('message:edit: the author changes the text in place; every member gets message:updated', async () => {
        const sent = await sendToRoom(ann, 'r', 'helo');
        const seen = collect(bob, 'message:updated');
        const { message } = await requestOk<{ message: Message }>(
          ann,
          'message:edit',
          { room: 'r', id: sent.id, text: '  hello  ' },
        );
        expect(message).toEqual({
          ...sent,
          text: 'hello',
          editedAt: expect.any(Number),
        });
        await settle(bob);
        expect(seen).toEqual([message]);
        expect(await history()).toEqual([message]);
      });

      it('message:delete leaves a tombstone: seq kept and gapless, members get message:deleted', async () => {
        const first = await sendToRoom(ann, 'r', 'oops');
        const seen = collect(bob, 'message:deleted');
        expect(
          await requestOk(ann, 'message:delete', { room: 'r', id: first.id }),
        ).toEqual({ room: 'r', id: first.id });
        const next = await sendToRoom(ann, 'r', 'after');
        expect(next.seq).toBe(first.seq! + 1);
        await settle(bob);
        expect(seen).toEqual<DeletedEvent[]>([
          { room: 'r', id: first.id, seq: first.seq! },
        ]);
        const [tombstone] = await history();
        expect(tombstone).toEqual({
          ...first,
          text: '',
          deletedAt: expect.any(Number),
        });
      });

      it('only the author may edit or delete; unknown and deleted ids are NOT_FOUND; non-members NOT_IN_ROOM', async () => {
        const sent = await sendToRoom(ann, 'r', 'mine');
        // The author's other socket is the same user.
        await requestOk(annPhone, 'message:edit', {
          room: 'r',
          id: sent.id,
          text: 'from my phone',
        });
        const ref = { room: 'r', id: sent.id };
        expect(
          await answerCode(bob, 'message:edit', { ...ref, text: 'x' }),
        ).toBe('FORBIDDEN');
        expect(await answerCode(bob, 'message:delete', ref)).toBe('FORBIDDEN');
        expect(await answerCode(eve, 'message:delete', ref)).toBe(
          'NOT_IN_ROOM',
        );
        const unknown = {
          room: 'r',
          id: '00000000-0000-4000-8000-000000000000',
        };
        expect(await answerCode(ann, 'message:delete', unknown)).toBe(
          'NOT_FOUND',
        );
        await requestOk(ann, 'message:delete', ref);
        expect(await answerCode(ann, 'message:delete', ref)).toBe('NOT_FOUND');
        expect(
          await answerCode(ann, 'message:edit', { ...ref, text: 'y' }),
        ).toBe('NOT_FOUND');
        expect((await history()).map((m) => m.text)).toEqual(['']);
      });

      it('room:read moves forward only, clamped to latestSeq, and reaches the user’s other sockets when it moved', async () => {
        for (const text of ['a', 'b', 'c']) await sendToRoom(bob, 'r', text);
        const phone = collect(annPhone, 'room:read');
        const laptop = collect(ann, 'room:read');
        const read = (seq: number) =>
          requestOk<ReadEvent>(ann, 'room:read', { room: 'r', seq });
        expect(await read(2)).toEqual({ room: 'r', lastRead: 2 });
        expect(await read(1)).toEqual({ room: 'r', lastRead: 2 });
        expect(await read(50)).toEqual({ room: 'r', lastRead: 3 });
        expect(await read(50)).toEqual({ room: 'r', lastRead: 3 });
        await settle(annPhone, ann);
        expect(phone).toEqual([
          { room: 'r', lastRead: 2 },
          { room: 'r', lastRead: 3 },
        ]);
        expect(laptop).toEqual([]);
        expect(await answerCode(eve, 'room:read', { room: 'r', seq: 1 })).toBe(
          'NOT_IN_ROOM',
        );
        // Kept per user: a new socket of ann's finds it on join.
        const tablet = await connect('ann');
        expect(
          await requestOk<JoinResult>(tablet, 'room:join', { room: 'r' }),
        ).toMatchObject({ lastRead: 3, unread: 0 });
      });

      it('without an ack callback, a refusal comes as exception, naming the event', async () => {
        const exception = waitFor(eve, 'exception');
        emitWithoutAck(eve, 'room:read', { room: 'r', seq: 1 });
        expect(await exception).toMatchObject({
          code: 'NOT_IN_ROOM',
          event: 'room:read',
        });
      });

      it('a forgotten room takes its read positions with it, unless the history is durable', async () => {
        await sendToRoom(bob, 'r', 'one');
        await requestOk(ann, 'room:read', { room: 'r', seq: 1 });
        // Ann's leave takes her phone out too: a membership is per user.
        for (const socket of [ann, bob]) {
          await requestOk(socket, 'room:leave', { room: 'r' });
        }
        const joined = await requestOk<JoinResult>(ann, 'room:join', {
          room: 'r',
        });
        expect(joined.lastRead).toBe(mode === 'PostgreSQL' ? 1 : 0);
      });

      it('room:join answers unread: kept, undeleted messages by others after lastRead', async () => {
        const bobs = [];
        for (const text of ['1', '2', '3', '4']) {
          bobs.push(await sendToRoom(bob, 'r', text));
        }
        await sendToRoom(ann, 'r', 'my own');
        await requestOk(ann, 'room:read', { room: 'r', seq: bobs[0].seq });
        await requestOk(bob, 'message:delete', { room: 'r', id: bobs[3].id });
        await requestOk(bob, 'message:edit', {
          room: 'r',
          id: bobs[2].id,
          text: 'edited',
        });
        const tablet = await connect('ann');
        expect(
          await requestOk<JoinResult>(tablet, 'room:join', { room: 'r' }),
        ).toMatchObject({ lastRead: 1, unread: 2, latestSeq: 5 });
      });

      it.each<[string, unknown]>([
        ['message:edit', { room: 'r', id: 'ID', text: '' }],
        ['message:edit', { room: 'r', id: 'ID', text: 5 }],
        ['message:edit', { room: 'r', text: 'no id' }],
        ['message:edit', { room: 'r', id: 'x'.repeat(65), text: 't' }],
        ['message:edit', { room: 'bad room', id: 'ID', text: 't' }],
        ['message:delete', { room: 'r' }],
        ['message:delete', { room: 'r', id: 42 }],
        ['message:delete', null],
        ['room:read', { room: 'r', seq: -1 }],
        ['room:read', { room: 'r', seq: 1.5 }],
        ['room:read', { room: 'r', seq: '2' }],
        ['room:read', { room: 'r' }],
        ['room:read', [1]],
      ])(
        '%s %j is VALIDATION_FAILED and changes nothing',
        async (event, raw) => {
          const sent = await sendToRoom(ann, 'r', 'kept');
          const payload = JSON.parse(
            JSON.stringify(raw).replaceAll('"ID"', JSON.stringify(sent.id)),
          ) as unknown;
          const changes = [
            ...collect(bob, 'message:updated'),
            ...collect(bob, 'message:deleted'),
          ];
          expect(await answerCode(ann, event, payload)).toBe(
            'VALIDATION_FAILED',
          );
          await settle(bob);
          expect(changes).toEqual([]);
          expect(await history()).toEqual([sent]);
          expect(
            await requestOk<JoinResult>(await connect('ann'), 'room:join', {
              room: 'r',
            }),
          ).toMatchObject({ lastRead: 0 });
        },
      );
    });
  },
);

describe('edits and deletions count against the message rate limit', () => {
  let chat: ChatHarness;
  afterEach(() => chat.close());

  it('refuses RATE_LIMITED once the budget is spent; a refused change costs nothing', async () => {
    chat = await ChatHarness.start({ rateLimit: 3 });
    const { client } = await chat.connect('ann');
    await requestOk(client, 'room:join', { room: 'r' });
    const sent = await sendToRoom(client, 'r', 'one');
    const unknown = { room: 'r', id: '00000000-0000-4000-8000-000000000000' };
    for (let i = 0; i < 3; i++) {
      expect(await answerCode(client, 'message:delete', unknown)).toBe(
        'NOT_FOUND',
      );
    }
    for (const text of ['two', 'three']) {
      await requestOk(client, 'message:edit', { room: 'r', id: sent.id, text });
    }
    expect(
      await answerCode(client, 'message:edit', {
        room: 'r',
        id: sent.id,
        text: 'four',
      }),
    ).toBe('RATE_LIMITED');
    expect(
      await answerCode(client, 'message:delete', { room: 'r', id: sent.id }),
    ).toBe('RATE_LIMITED');
  });
});
