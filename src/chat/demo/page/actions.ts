// What the person does: open, join, leave, read, page back, edit, delete,
// send, type. Each calls the client and updates `state`, then redraws.
import type { Member, Message, PrivateMessage } from 'nest-chat-module/client';
import { $, input } from './dom.js';
import { attempt, quietly } from './errors.js';
import { replyToIn } from './replies.js';
import {
  render,
  renderAllRooms,
  renderLists,
  renderMessages,
} from './render.js';
import {
  activeDm,
  activeRoom,
  chat,
  conversation,
  isMine,
  isNotice,
  readUpTo,
  roomView,
  state,
  type View,
} from './state.js';

export function open(view: View): void {
  if (state.editing) stopEditing();
  state.view = view;
  const dm = activeDm();
  if (dm) dm.unread = 0;
  render();
}

export function openConversation(member: Member): void {
  conversation(member);
  open({ type: 'dm', id: member.userId });
  $('app').classList.remove('show-members');
}

/** The room is on screen and scrolled to its end: tell the server how far it was read. */
export function markRead(): void {
  const room = activeRoom();
  const box = $('messages');
  if (!room || !state.view || room.latestSeq <= room.lastRead || room.marking)
    return;
  if (box.scrollHeight - box.scrollTop - box.clientHeight > 4) return;
  room.marking = true;
  chat()
    .read(state.view.id, room.latestSeq)
    .then(({ lastRead }) => {
      room.marking = false;
      readUpTo(room, lastRead);
      renderLists();
      if (activeRoom() === room) markRead();
    })
    .catch(() => {
      room.marking = false;
    });
}

export function loadOlder(): void {
  const room = activeRoom();
  const name = state.view?.id;
  const oldest = room?.lines.find(
    (line): line is Message => !isNotice(line) && line.seq !== undefined,
  );
  const before = oldest?.seq;
  if (!room || !name || !room.hasOlder || room.loadingOlder || !before) return;
  room.loadingOlder = true;
  attempt(() => chat().history(name, { before }))
    .then((page) => {
      room.lines.unshift(...page.messages);
      room.hasOlder = page.hasMore;
    })
    .catch(() => undefined)
    .finally(() => {
      room.loadingOlder = false;
      renderMessages(true);
    });
}

export async function refreshRoomList(): Promise<void> {
  if (!state.client?.socket.connected) return;
  const { rooms } = await state.client.rooms();
  renderAllRooms(rooms);
}

export async function join(name: string): Promise<void> {
  const data = await attempt(() => chat().join(name));
  state.rooms.set(name, roomView(data));
  open({ type: 'room', id: name });
  quietly(refreshRoomList());
}

export async function leave(): Promise<void> {
  if (!activeRoom() || !state.view) return;
  const room = state.view.id;
  await attempt(() => chat().leave(room));
  state.rooms.delete(room);
  state.view = null;
  render();
  quietly(refreshRoomList());
}

/** A private message, sent or received, into the conversation with the other user. */
export function addPrivate(message: PrivateMessage): void {
  const mine = isMine(message);
  const otherId = mine ? message.to : message.from.userId;
  const known = [...state.rooms.values()]
    .flatMap((room) => room.members)
    .find((member) => member.userId === otherId);
  const dm = conversation(
    mine ? (known ?? { userId: otherId, nickname: otherId }) : message.from,
  );
  if (dm.lines.some((line) => 'id' in line && line.id === message.id)) return;
  dm.lines.push(message);
  if (activeDm() === dm) {
    renderMessages();
  } else {
    dm.unread++;
    renderLists();
  }
}

export function startEditing(message: Message): void {
  if (message.room === null) return;
  state.editing = { room: message.room, id: message.id };
  input('message-input').value = message.text;
  input('message-input').focus();
  render();
}

export function stopEditing(): void {
  state.editing = null;
  state.replyingTo = null;
  input('message-input').value = '';
  render();
}

export function deleteMessage(message: Message): void {
  const room = message.room;
  if (room !== null) quietly(attempt(() => chat().delete(room, message.id)));
}

export function stopTyping(): void {
  if (!state.typingTimer) return;
  clearTimeout(state.typingTimer);
  state.typingTimer = null;
  if (activeRoom() && state.view) {
    quietly(chat().typing(state.view.id, false));
  }
}

/** Typing in an open room: `typing: true` once, `false` after 2 s of quiet. */
export function typed(): void {
  if (!activeRoom() || !state.view || state.editing) return;
  if (!state.typingTimer) quietly(chat().typing(state.view.id, true));
  if (state.typingTimer) clearTimeout(state.typingTimer);
  state.typingTimer = setTimeout(stopTyping, 2000);
}

/** The composer's Enter: an edit, a private message or a room message. */
export async function submit(): Promise<void> {
  const box = input('message-input');
  const text = box.value.trim();
  if (!text || !state.view) return;
  stopTyping();
  if (state.editing) {
    const { room, id } = state.editing;
    await attempt(() => chat().edit(room, id, text))
      .then(stopEditing)
      .catch(() => undefined);
    return;
  }
  // Emptied now, not on the ack: a second Enter does not send it twice, and
  // what is typed while the ack is on its way stays.
  box.value = '';
  const { type, id } = state.view;
  try {
    if (type === 'dm') {
      const message = await attempt(() => chat().sendPrivate(id, text));
      if (id !== state.me?.userId) addPrivate(message);
    } else {
      const replyTo = replyToIn(id);
      await attempt(() => chat().send(id, text, { replyTo }));
      if (replyTo) stopEditing();
    }
  } catch {
    // Shown by attempt(); the text comes back to be fixed unless more was typed.
    if (!box.value) box.value = text;
  }
}
