import { filter, firstValueFrom, map, take, toArray } from 'rxjs';
import type { ChatEvent } from '../src/index.js';
import { requestOk, sendToRoom, until, within } from './support/harness.js';
import { STORE_MODES, signedInChatPerTest } from './support/store-modes.js';

describe.each(STORE_MODES)(
  'RoomsService.events (%s)',
  (_name, describeMode, openMode) => {
    describeMode('the host sees', () => {
      const { chat } = signedInChatPerTest(openMode);

      it('message.new with the offline members, edits, deletions, members added and removed, once each', async () => {
        const seen: ChatEvent[] = [];
        const subscription = chat().rooms.events.subscribe((event) =>
          seen.push(event),
        );
        const { client: ann } = await chat().connectWith({ user: 'ann' });
        const { client: bob } = await chat().connectWith({ user: 'bob' });
        await requestOk(ann, 'room:join', { room: 'team' });
        await requestOk(bob, 'room:join', { room: 'team' });
        bob.disconnect();
        await until(async () => (await chat().rooms.stats()).connections === 1);
        const message = await sendToRoom(ann, 'team', 'hello');
        await requestOk(ann, 'message:edit', {
          room: 'team',
          id: message.id,
          text: 'hello!',
        });
        await requestOk(ann, 'message:delete', {
          room: 'team',
          id: message.id,
        });
        await chat().rooms.addMember('team', {
          userId: 'cat',
          nickname: 'Cat',
        });
        await chat().rooms.removeMember('team', 'bob');
        await until(() => seen.length >= 7);
        subscription.unsubscribe();
        expect(seen.map((event) => event.type)).toEqual([
          'member.added',
          'member.added',
          'message.new',
          'message.edited',
          'message.deleted',
          'member.added',
          'member.removed',
        ]);
        expect(seen[2]).toEqual({
          type: 'message.new',
          message,
          offline: ['bob'],
        });
        expect(seen[3]).toMatchObject({
          message: { id: message.id, text: 'hello!' },
        });
        expect(seen[4]).toMatchObject({
          message: { id: message.id, deletedAt: expect.any(Number) },
        });
        expect(seen[5]).toMatchObject({
          room: 'team',
          member: { userId: 'cat' },
          by: { userId: 'system' },
        });
        expect(seen[6]).toMatchObject({ member: { userId: 'bob' } });
      });

      it("keeps each message's events in order: message.new before the change that follows at once", async () => {
        const seen: ChatEvent[] = [];
        const subscription = chat().rooms.events.subscribe((event) =>
          seen.push(event),
        );
        const { rooms } = chat();
        const { client: ann } = await chat().connectWith({ user: 'ann' });
        await requestOk(ann, 'room:join', { room: 'news' });
        const ids: string[] = [];
        for (let i = 0; i < 10; i++) {
          // message.new waits for the offline members (a store round trip); the deletion does not.
          const message = await rooms.publishToRoom('news', `post ${i}`);
          await rooms.deleteMessage('news', message.id);
          ids.push(message.id);
        }
        await until(() => seen.length >= 21);
        subscription.unsubscribe();
        const order = seen
          .slice(1)
          .map((event) =>
            'message' in event
              ? `${event.type} ${event.message.id}`
              : event.type,
          );
        expect(order).toEqual(
          ids.flatMap((id) => [`message.new ${id}`, `message.deleted ${id}`]),
        );
      });

      it('a handler that throws or rejects, or an operator that fails, never reaches the chat; other subscribers go on', async () => {
        const { rooms } = chat();
        const throwing = rooms.events.subscribe(() => {
          throw new Error('host bug');
        });
        // An async handler is what hosts write; its rejection must not end the process.
        // eslint-disable-next-line @typescript-eslint/no-misused-promises
        const rejecting = rooms.events.subscribe(async () => {
          throw new Error('async host bug');
        });
        const failing = rooms.events
          .pipe(
            map(() => {
              throw new Error('operator bug');
            }),
          )
          .subscribe();
        const texts = firstValueFrom(
          rooms.events.pipe(
            filter((event) => event.type === 'message.new'),
            map((event) =>
              event.type === 'message.new' ? event.message.text : '',
            ),
            take(3),
            toArray(),
          ),
        );
        const { client } = await chat().connectWith({ user: 'ann' });
        await requestOk(client, 'room:join', { room: 'team' });
        for (const text of ['one', 'two', 'three']) {
          await within(sendToRoom(client, 'team', text));
        }
        expect(await within(texts)).toEqual(['one', 'two', 'three']);
        expect(client.connected).toBe(true);
        for (const subscription of [throwing, rejecting, failing]) {
          subscription.unsubscribe();
        }
      });
    });
  },
);
