import { randomUUID } from 'node:crypto';
import type { HistoryResult, JoinResult, Message } from '../src/index.js';
import {
  ChatHarness,
  request,
  requestOk,
  sendToRoom,
  waitFor,
  type ChatClient,
} from './support/harness.js';
import { STORE_MODES, type StoreMode } from './support/store-modes.js';

describe.each(STORE_MODES)('replies (%s)', (_mode, describeMode, openMode) => {
  describeMode('', () => {
    let mode: StoreMode;
    let chat: ChatHarness;
    let ann: ChatClient;
    let bob: ChatClient;
    beforeEach(async () => {
      mode = await openMode();
      chat = await ChatHarness.start({ ...mode.options, rateLimit: 0 });
      ann = (await chat.connect('ann')).client;
      bob = (await chat.connect('bob')).client;
      for (const client of [ann, bob]) {
        await requestOk(client, 'room:join', { room: 'r' });
      }
    });
    afterEach(async () => {
      await chat.close();
      await mode.close();
    });

    const reply = (client: ChatClient, replyTo: string, text = 'answer') =>
      request<{ message: Message }>(client, 'message:send', {
        room: 'r',
        text,
        replyTo,
      });

    it('quotes the first 200 characters of the message answered, to every member', async () => {
      const long = `${'😀'.repeat(150)}${'x'.repeat(100)}`;
      const asked = await sendToRoom(bob, 'r', long);
      const heard = waitFor(bob, 'message:new');
      const answered = await reply(ann, asked.id);
      expect(answered.ok).toBe(true);
      const quote = {
        id: asked.id,
        seq: asked.seq,
        from: asked.from,
        text: `${'😀'.repeat(150)}${'x'.repeat(50)}`,
      };
      expect(answered.ok && answered.data.message.replyTo).toEqual(quote);
      expect((await heard).replyTo).toEqual(quote);
      const { messages } = await requestOk<HistoryResult>(ann, 'room:history', {
        room: 'r',
      });
      expect(messages[1].replyTo).toEqual(quote);
    });

    it('refuses a reply to a message that is not a kept, undeleted one of the room', async () => {
      await requestOk(ann, 'room:join', { room: 'other' });
      const elsewhere = await sendToRoom(ann, 'other', 'in another room');
      const gone = await sendToRoom(bob, 'r', 'soon deleted');
      await requestOk(bob, 'message:delete', { room: 'r', id: gone.id });
      for (const id of [elsewhere.id, gone.id, randomUUID(), 'not-a-uuid']) {
        expect(await reply(ann, id)).toMatchObject({
          ok: false,
          error: { code: 'NOT_FOUND' },
        });
      }
      for (const id of ['', 42, 'x'.repeat(65), { id: gone.id }]) {
        expect(await reply(ann, id as string)).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION_FAILED' },
        });
      }
      const { messages } = await requestOk<HistoryResult>(ann, 'room:history', {
        room: 'r',
      });
      expect(messages.map((m) => m.text)).toEqual(['']);
    });

    it('shows a quote of a message deleted since as "" in history and joins, and answers a retry as sent', async () => {
      const asked = await sendToRoom(bob, 'r', 'question');
      const answered = await requestOk<{ message: Message }>(
        ann,
        'message:send',
        {
          room: 'r',
          text: 'answer',
          replyTo: asked.id,
          clientMessageId: 'a-1',
        },
      );
      await requestOk(bob, 'message:delete', { room: 'r', id: asked.id });
      const { messages } = await requestOk<HistoryResult>(ann, 'room:history', {
        room: 'r',
      });
      expect(messages[1].replyTo).toEqual({
        ...answered.message.replyTo,
        text: '',
      });
      const carol = (await chat.connect('carol')).client;
      const joined = await requestOk<JoinResult>(carol, 'room:join', {
        room: 'r',
      });
      expect(joined.history[1].replyTo?.text).toBe('');
      // The retry of the first send: answered with it, not NOT_FOUND.
      const retried = await requestOk<{ message: Message }>(
        ann,
        'message:send',
        {
          room: 'r',
          text: 'answer',
          replyTo: asked.id,
          clientMessageId: 'a-1',
        },
      );
      expect(retried.message.id).toBe(answered.message.id);
    });
  });
});
