// The chat client and what its events change on the page.
import {
  createChatClient,
  type ChatClient,
  type Message,
} from 'nest-chat-module/client';
import { addPrivate, refreshRoomList } from './actions.js';
import {
  devSignIn,
  devToken,
  followConversations,
  showInbox,
} from './conversations.js';
import { $ } from './dom.js';
import { quietly, showError } from './errors.js';
import { render, renderLists, renderMessages, renderTyping } from './render.js';
import {
  activeRoom,
  isMine,
  isNotice,
  readUpTo,
  state,
  type Line,
  type RoomView,
} from './state.js';

function addLine(room: RoomView | undefined, line: Line): void {
  if (!room) return;
  room.lines.push(line);
  if (activeRoom() === room) renderMessages();
}

const notice = (text: string): Line => ({
  kind: 'system',
  text,
  at: Date.now(),
});

/** The client hands each room message once, in seq order, gaps filled. */
function addRoomMessage(message: Message): void {
  const room =
    message.room === null ? undefined : state.rooms.get(message.room);
  if (!room) return;
  if (message.seq !== undefined) room.latestSeq = message.seq;
  if (!isMine(message)) room.unread++;
  addLine(room, message);
  renderLists();
}

function changeLine(name: string, id: string, change: (m: Message) => Message) {
  const room = state.rooms.get(name);
  if (!room) return;
  const index = room.lines.findIndex((line) => 'id' in line && line.id === id);
  const found = room.lines[index];
  if (!found || !('id' in found)) return;
  room.lines[index] = change(found);
  readUpTo(room, room.lastRead);
  renderLists();
  if (activeRoom() === room) renderMessages(true);
}

/** A line in the open room, for events that belong to no room (broadcasts, announcements). */
function noticeHere(text: string): void {
  addLine(activeRoom() ?? undefined, notice(text));
}

function followRooms(client: ChatClient): void {
  client.on('message:new', addRoomMessage);
  client.on('rejoined', ({ room, members, latestSeq, lastRead }) => {
    const entry = state.rooms.get(room);
    if (!entry) return;
    entry.members = members;
    if (latestSeq < entry.latestSeq) {
      // The room began again (a restart without durable history): what is
      // shown from before keeps no seq, so it counts neither as unread nor
      // as a place to page back from.
      entry.lines = entry.lines.map((line) =>
        isNotice(line) ? line : { ...line, seq: undefined },
      );
      entry.latestSeq = latestSeq;
      entry.lastRead = lastRead;
      entry.hasOlder = false;
    }
    readUpTo(entry, lastRead);
    render();
  });
  client.on('gap', ({ room }) =>
    addLine(
      state.rooms.get(room),
      notice(
        'some messages are no longer kept (the server restarted or they expired)',
      ),
    ),
  );
  client.on('message:updated', (message) => {
    if (message.room !== null)
      changeLine(message.room, message.id, () => message);
  });
  client.on('message:deleted', ({ room, id }) =>
    changeLine(room, id, (m) => ({ ...m, text: '', deletedAt: Date.now() })),
  );
  client.on('message:reactions', ({ room, id, reactions }) =>
    changeLine(room, id, (m) => ({ ...m, reactions })),
  );
  client.on('room:read', ({ room, lastRead }) => {
    const entry = state.rooms.get(room);
    if (!entry) return;
    readUpTo(entry, lastRead);
    renderLists();
  });
  client.on('message:private', addPrivate);
  client.on('message:broadcast', (m) =>
    noticeHere(`broadcast from ${m.from.nickname}: ${m.text}`),
  );
  client.on('announcement', (m) => noticeHere(`announcement: ${m.text}`));
}

function followMembers(client: ChatClient): void {
  client.on('room:joined', ({ room, member }) => {
    const entry = state.rooms.get(room);
    if (!entry) return;
    if (!entry.members.some((m) => m.userId === member.userId)) {
      entry.members.push({ ...member, online: true });
    }
    addLine(entry, notice(`${member.nickname} joined`));
    render();
    quietly(refreshRoomList());
  });
  client.on('room:left', ({ room, member }) => {
    const entry = state.rooms.get(room);
    if (!entry) return;
    entry.members = entry.members.filter((m) => m.userId !== member.userId);
    state.typers.get(room)?.delete(member.userId);
    addLine(entry, notice(`${member.nickname} left`));
    render();
    quietly(refreshRoomList());
  });
  client.on('room:kicked', ({ room }) => {
    state.rooms.delete(room);
    if (state.view?.type === 'room' && state.view.id === room) {
      state.view = null;
    }
    showError({ code: 'KICKED', message: `you were removed from #${room}` });
    render();
  });
  client.on('typing', ({ room, member, typing }) => {
    const typers = state.typers.get(room) ?? new Map<string, string>();
    state.typers.set(room, typers);
    if (typing) typers.set(member.userId, member.nickname);
    else typers.delete(member.userId);
    renderTyping();
  });
}

/**
 * Signs in as `name` when the page was opened for the dev server's
 * sign-in (`/?signIn=dev`), else connects with it as a nickname (empty: a
 * guest name), and follows the chat's events.
 */
export async function connect(name: string): Promise<void> {
  const token = devSignIn && name ? await devToken(name) : null;
  if (devSignIn && token === null) {
    showError({
      code: 'UNAUTHORIZED',
      message: 'the dev server signed no token for that name',
    });
    return;
  }
  state.signedIn = token !== null;
  const client = createChatClient(location.origin, {
    // A fresh token for every reconnection (the first one is used once).
    ...(token !== null
      ? { token: async () => (await devToken(name)) ?? token }
      : { nickname: name || undefined }),
    path: document.documentElement.dataset.socketPath,
    // Back soon after a server restart: retries every 0.5–2 s, not up to 5 s.
    socket: { reconnectionDelay: 500, reconnectionDelayMax: 2000 },
  });
  state.client = client;
  const { socket } = client;
  socket.on('connect', () => {
    $('dot').classList.add('on');
    $('status').textContent = 'online';
    quietly(refreshRoomList());
  });
  // A dropped connection (a server restart, the network) is retried with
  // backoff, and the rooms come back; only a refusal ends the session.
  const reconnecting = () => {
    $('dot').classList.remove('on');
    $('status').textContent = socket.active ? 'reconnecting…' : 'offline';
  };
  socket.on('disconnect', reconnecting);
  socket.on('connect_error', reconnecting);
  client.on('error', (refusal) => {
    showError(refusal);
    $('login').hidden = false;
    $('app').hidden = true;
    client.close();
  });
  client.on('session', (session) => {
    state.me = session;
    $('status').textContent = `online as ${session.nickname}`;
    $('login').hidden = true;
    $('app').hidden = false;
    render();
    if (state.signedIn) quietly(showInbox());
  });
  client.on('exception', showError);
  followRooms(client);
  followMembers(client);
  followConversations(client);
}
