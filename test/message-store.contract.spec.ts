import { readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Member } from '../src/index.js';
import type {
  MessageDraft,
  MessageStore,
} from '../src/chat/stores/message-store.interface.js';
import { migrate } from '../src/chat/stores/postgres/migrations.js';
import {
  LIMIT,
  STORE_MODES,
  openPostgresStore,
  type StoresUnderTest,
} from './support/store-modes.js';
import { describeWithPostgres, TestDatabase } from './support/postgres.js';

const ann: Member = { userId: 'u-ann', nickname: 'ann' };
const bob: Member = { userId: 'u-bob', nickname: 'bob' };
const draft = (
  room: string,
  text: string,
  from = ann,
  clientMessageId?: string,
): MessageDraft => ({
  id: randomUUID(),
  room,
  from,
  text,
  at: Date.now(),
  ...(clientMessageId ? { clientMessageId } : {}),
});

/** One contract, every store: what the history and send rules rely on. */
describe.each(STORE_MODES)(
  'MessageStore contract: %s',
  (name, describeIf, _openApp, open) => {
    describeIf(name, () => {
      let subject: StoresUnderTest;
      let store: MessageStore;
      beforeEach(async () => {
        subject = await open();
        store = subject.messages;
        await subject.rooms.addMember('r', 's1', ann);
      });
      afterEach(() => subject.close());

      const seqs = async (query: Parameters<MessageStore['page']>[1]) => {
        const page = await store.page('r', query);
        return { seqs: page.messages.map((m) => m.seq), hasMore: page.hasMore };
      };

      it('numbers a room from 1 without gaps and keeps each message as given', async () => {
        const first = draft('r', 'one');
        const stored = await store.append(first);
        expect(stored).toEqual({
          message: { ...first, seq: 1 },
          duplicate: false,
        });
        for (const text of ['two', 'three'])
          await store.append(draft('r', text));
        const page = await store.page('r', { limit: 10 });
        expect(page.latestSeq).toBe(3);
        expect(page.messages.map((m) => [m.seq, m.text])).toEqual([
          [1, 'one'],
          [2, 'two'],
          [3, 'three'],
        ]);
        expect(page.messages[0]).toEqual({ ...first, seq: 1 });
        expect(await store.page('unknown', { limit: 5 })).toEqual({
          messages: [],
          hasMore: false,
          latestSeq: 0,
        });
      });

      it('pages both ways by seq, oldest first, saying whether more lie beyond', async () => {
        for (let i = 1; i <= 7; i++) await store.append(draft('r', `m${i}`));
        expect(await seqs({ limit: 3 })).toEqual({
          seqs: [5, 6, 7],
          hasMore: true,
        });
        expect(await seqs({ limit: 3, before: 5 })).toEqual({
          seqs: [2, 3, 4],
          hasMore: true,
        });
        expect(await seqs({ limit: 3, before: 2 })).toEqual({
          seqs: [1],
          hasMore: false,
        });
        expect(await seqs({ limit: 3, after: 0 })).toEqual({
          seqs: [1, 2, 3],
          hasMore: true,
        });
        expect(await seqs({ limit: 3, after: 4 })).toEqual({
          seqs: [5, 6, 7],
          hasMore: false,
        });
        expect(await seqs({ limit: 3, after: 7 })).toEqual({
          seqs: [],
          hasMore: false,
        });
        expect(await seqs({ limit: 10 })).toEqual({
          seqs: [1, 2, 3, 4, 5, 6, 7],
          hasMore: false,
        });
      });

      it('answers a repeated clientMessageId with the first message and stores nothing', async () => {
        const first = await store.append(draft('r', 'hello', ann, 'c-1'));
        const again = await store.append(draft('r', 'hello again', ann, 'c-1'));
        expect(again).toEqual({ message: first!.message, duplicate: true });
        // The same id from someone else, or in another room, is another message.
        await subject.rooms.addMember('other', 's1', ann);
        expect(
          (await store.append(draft('r', 'bob', bob, 'c-1')))!.duplicate,
        ).toBe(false);
        expect(
          (await store.append(draft('other', 'x', ann, 'c-1')))!.duplicate,
        ).toBe(false);
        expect((await store.page('r', { limit: 10 })).latestSeq).toBe(2);
        expect(await store.findByClientId('r', ann.userId, 'c-1')).toEqual(
          first!.message,
        );
        expect(await store.findByClientId('r', ann.userId, 'c-2')).toBeNull();
      });

      it('gives concurrent sends unique, gapless seqs, and one message per repeated id', async () => {
        const drafts = Array.from({ length: 60 }, (_, i) =>
          draft('r', `m${i}`, i % 2 ? ann : bob, i < 10 ? 'same' : undefined),
        );
        const outcomes = await Promise.all(drafts.map((d) => store.append(d)));
        const fresh = outcomes
          .filter((o) => !o!.duplicate)
          .map((o) => o!.message.seq);
        // 50 without an id, and one each for ann's and bob's "same".
        expect(fresh.sort((a, b) => a! - b!)).toEqual(
          Array.from({ length: 52 }, (_, i) => i + 1),
        );
        expect(outcomes.filter((o) => o!.duplicate)).toHaveLength(8);
      });

      if (name === 'PostgreSQL') {
        it('keeps history whoever is in the room', async () => {
          expect(
            (await store.append(draft('empty', 'kept')))!.message.seq,
          ).toBe(1);
          expect((await store.page('empty', { limit: 5 })).latestSeq).toBe(1);
        });
      } else {
        it('keeps the newest window of a room while it has members, and starts again at 1 after', async () => {
          for (let i = 1; i <= LIMIT + 3; i++) {
            await store.append(draft('r', `m${i}`, ann, `c${i}`));
          }
          const page = await store.page('r', { limit: LIMIT + 10 });
          expect(page.messages.map((m) => m.seq)).toEqual(
            Array.from({ length: LIMIT }, (_, i) => i + 4),
          );
          expect(await store.page('r', { limit: 2, after: 0 })).toMatchObject({
            messages: [{ seq: 4 }, { seq: 5 }],
          });
          expect(await store.findByClientId('r', ann.userId, 'c3')).toBeNull();
          expect(
            await store.findByClientId('r', ann.userId, 'c4'),
          ).not.toBeNull();
          expect(await store.append(draft('empty', 'lost'))).toBeNull();

          await subject.rooms.removeMember('r', 's1', ann);
          expect(await store.page('r', { limit: 5 })).toEqual({
            messages: [],
            hasMore: false,
            latestSeq: 0,
          });
          await subject.rooms.addMember('r', 's2', ann);
          expect((await store.append(draft('r', 'again')))!.message.seq).toBe(
            1,
          );
        });
      }
    });
  },
);

describeWithPostgres('PostgresMessageStore: retention and migrations', () => {
  let close: () => Promise<void>;
  afterEach(() => close());

  it('filters expired messages from reads and prunes them in batches', async () => {
    const { store, database, ...opened } = await openPostgresStore(60_000);
    close = opened.close;
    for (let i = 1; i <= 5; i++) await store.append(draft('r', `m${i}`));
    // Age the first three past retention.
    await database.query(
      'UPDATE chat_messages SET at = at - 120000 WHERE seq <= 3',
    );
    const page = await store.page('r', { limit: 10 });
    expect(page.messages.map((m) => m.seq)).toEqual([4, 5]);
    expect(page.latestSeq).toBe(5);
    expect(await store.prune()).toBe(3);
    expect(
      await database.query('SELECT seq FROM chat_messages ORDER BY seq'),
    ).toEqual([{ seq: '4' }, { seq: '5' }]);
    // The seq goes on after the pruned ones.
    expect((await store.append(draft('r', 'next'))).message.seq).toBe(6);
  });

  it('migrates once when several instances start at once', async () => {
    const database = await TestDatabase.create();
    close = () => database.drop();
    await Promise.all([
      migrate(database.url),
      migrate(database.url),
      migrate(database.url),
    ]);
    expect(
      await database.query(
        'SELECT version FROM chat_schema_migrations ORDER BY version',
      ),
    ).toEqual(
      // Each versioned file once, in order.
      readdirSync(
        new URL('../src/chat/stores/postgres/migrations/', import.meta.url),
      )
        .filter((file) => file.endsWith('.sql'))
        .sort()
        .map((file) => ({ version: Number(file.slice(0, 4)) })),
    );
  });
});
