import {
  createChatClient,
  type ChatClient,
  type Message,
} from '../src/client/index.js';
import { until } from './support/harness.js';
import { signedInChatPerTest, STORE_MODES } from './support/store-modes.js';

const clients: ChatClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

/** A signed-in client of the `./client` entry (the host's identity: `auth.user`). */
function signedIn(url: string, user: string) {
  const client = createChatClient(url, {
    auth: { user },
    ackTimeoutMs: 2000,
    socket: { transports: ['websocket'], reconnectionDelay: 50 },
  });
  clients.push(client);
  const seen: Message[] = [];
  client.on('message:new', (message) => seen.push(message));
  return { client, texts: () => seen.map((message) => message.text) };
}

const connected = (client: ChatClient) =>
  until(() => client.socket.connected && client.me !== null);

describe.each(STORE_MODES)(
  'the ./client entry for signed-in users (%s)',
  (_mode, describeMode, openMode) => {
    describeMode('', () => {
      const setup = signedInChatPerTest(openMode);

      it('follows the user’s rooms on a new connection without joining them again', async () => {
        const first = signedIn(setup.chat().url, 'ann');
        await first.client.join('lobby');
        first.client.close();
        const bob = signedIn(setup.chat().url, 'bob');
        await bob.client.join('lobby');

        const ann = signedIn(setup.chat().url, 'ann');
        await connected(ann.client);
        await until(async () => (await ann.client.inbox()).rooms.length === 1);
        for (const text of ['one', 'two', 'three']) {
          await bob.client.send('lobby', text);
        }
        await until(() => ann.texts().length === 3);
        expect(ann.texts()).toEqual(['one', 'two', 'three']);
      });

      it('follows a direct room the user was added to, each message once and in order', async () => {
        const bob = signedIn(setup.chat().url, 'bob');
        await connected(bob.client);
        const added: string[] = [];
        bob.client.on('room:added', ({ room }) => added.push(room));
        const ann = signedIn(setup.chat().url, 'ann');
        const opened = await ann.client.openDirect('bob');
        expect(opened).toMatchObject({
          kind: 'direct',
          peer: { userId: 'bob' },
        });
        const sent = ['a', 'b', 'c', 'd', 'e'];
        for (const text of sent) await ann.client.send(opened.room, text);
        await until(() => bob.texts().length === sent.length);
        expect(bob.texts()).toEqual(sent);
        expect(added).toEqual([opened.room]);
        const inbox = await bob.client.inbox();
        expect(inbox).toMatchObject({ totalUnread: 5, hasMore: false });
        expect(inbox.rooms[0]).toMatchObject({
          room: opened.room,
          kind: 'direct',
          peer: { userId: 'ann' },
        });
      });

      it('lets go of a room left on another device', async () => {
        const phone = signedIn(setup.chat().url, 'ann');
        await phone.client.join('lobby');
        const laptop = signedIn(setup.chat().url, 'ann');
        await connected(laptop.client);
        await until(
          async () => (await laptop.client.inbox()).rooms.length === 1,
        );
        const left: string[] = [];
        laptop.client.on('room:left', ({ room }) => left.push(room));
        await phone.client.leave('lobby');
        await until(() => left.length === 1);
        const bob = signedIn(setup.chat().url, 'bob');
        await bob.client.join('lobby');
        await bob.client.send('lobby', 'nobody of ann hears this');
        await bob.client.inbox();
        expect(laptop.texts()).toEqual([]);
      });
    });
  },
);
