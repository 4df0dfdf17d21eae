import { randomUUID } from 'node:crypto';
import type { Member, Message } from '../src/index.js';
import type {
  MessageDraft,
  MessageStore,
} from '../src/chat/stores/message-store.interface.js';
import {
  LIMIT,
  STORE_MODES,
  type StoresUnderTest,
} from './support/store-modes.js';

const ann: Member = { userId: 'u-ann', nickname: 'ann' };
const bob: Member = { userId: 'u-bob', nickname: 'bob' };

/** One contract, every store: edits, tombstones, read positions and unread counts. */
describe.each(STORE_MODES)(
  'MessageStore changes and reads: %s',
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

      const post = async (text: string, from = ann, cmid?: string) => {
        const draft: MessageDraft = {
          id: randomUUID(),
          room: 'r',
          from,
          text,
          at: Date.now(),
          ...(cmid ? { clientMessageId: cmid } : {}),
        };
        return (await store.append(draft))!.message;
      };
      const history = async () =>
        (await store.page('r', { limit: 100 })).messages;

      it('edits in place: same id and seq, new text, editedAt; only by the author', async () => {
        const first = await post('helo', ann, 'c1');
        await post('next', bob);
        expect(
          await store.change(
            'r',
            first.id,
            { text: 'x', editedAt: 5 },
            'u-bob',
          ),
        ).toBe('forbidden');
        const edited = await store.change(
          'r',
          first.id,
          { text: 'hello', editedAt: 7 },
          'u-ann',
        );
        expect(edited).toEqual({ ...first, text: 'hello', editedAt: 7 });
        const [kept] = await history();
        expect(kept).toEqual(edited);
        // A retry of the first send answers the message as it is now.
        expect(await store.findByClientId('r', 'u-ann', 'c1')).toEqual(edited);
      });

      it('deletes into a tombstone that keeps its seq; a deleted or unknown id is not found', async () => {
        const first = await post('a', ann, 'c1');
        const second = await post('b');
        const tombstone = (await store.change(
          'r',
          first.id,
          { deletedAt: 9 },
          'u-ann',
        )) as Message;
        expect(tombstone).toEqual({ ...first, text: '', deletedAt: 9 });
        expect((await history()).map((m) => [m.seq, m.text])).toEqual([
          [1, ''],
          [2, 'b'],
        ]);
        expect(await store.findByClientId('r', 'u-ann', 'c1')).toEqual(
          tombstone,
        );
        for (const id of [first.id, randomUUID(), 'not-a-uuid']) {
          expect(await store.change('r', id, { deletedAt: 10 })).toBe(
            'not-found',
          );
        }
        expect(await store.change('other', second.id, { deletedAt: 10 })).toBe(
          'not-found',
        );
        // Without an author, anyone's message (the admin's delete).
        expect(
          await store.change('r', second.id, { deletedAt: 11 }),
        ).toMatchObject({ seq: 2, deletedAt: 11 });
      });

      it('a message pushed out of the kept window is not found (a durable store still has it)', async () => {
        const first = await post('oldest');
        for (let i = 0; i < LIMIT; i++) await post(`m${i}`);
        const outcome = await store.change('r', first.id, { deletedAt: 1 });
        if (store.durable) expect(outcome).toMatchObject({ seq: 1 });
        else expect(outcome).toBe('not-found');
      });

      it('moves a read position forward only, never past the newest seq', async () => {
        for (const text of ['a', 'b', 'c']) await post(text, bob);
        expect(await store.markRead('r', 'u-ann', 2)).toEqual({
          lastRead: 2,
          moved: true,
        });
        expect(await store.markRead('r', 'u-ann', 1)).toEqual({
          lastRead: 2,
          moved: false,
        });
        expect(await store.markRead('r', 'u-ann', 99)).toEqual({
          lastRead: 3,
          moved: true,
        });
        expect(await store.markRead('r', 'u-ann', 99)).toEqual({
          lastRead: 3,
          moved: false,
        });
        expect((await store.readState('r', 'u-ann')).lastRead).toBe(3);
        expect((await store.readState('r', 'u-bob')).lastRead).toBe(0);
      });

      it('counts unread from seqs: others’ undeleted messages after the read position', async () => {
        const mine = await post('mine');
        const theirs = await Promise.all(
          ['1', '2', '3', '4'].map(() => post('theirs', bob)),
        );
        expect(await store.readState('r', 'u-ann')).toEqual({
          lastRead: 0,
          unread: 4,
        });
        await store.change('r', theirs[3].id, { deletedAt: 1 });
        await store.change('r', mine.id, { text: 'edited', editedAt: 1 });
        expect(await store.readState('r', 'u-ann')).toEqual({
          lastRead: 0,
          unread: 3,
        });
        await store.markRead('r', 'u-ann', theirs[1].seq!);
        expect(await store.readState('r', 'u-ann')).toEqual({
          lastRead: theirs[1].seq,
          unread: 1,
        });
        expect(await store.readState('r', 'u-bob')).toEqual({
          lastRead: 0,
          unread: 1,
        });
        expect(await store.readState('unknown', 'u-ann')).toEqual({
          lastRead: 0,
          unread: 0,
        });
      });
    });
  },
);
