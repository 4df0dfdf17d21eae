// Signed-in users (the dev server's `CHAT_DEV_SIGN_IN`): rooms stay the
// user's while it is away, the inbox brings them back with unread counts,
// members show who is online, a click on a member opens a direct room.
import type {
  ChatClient,
  Member,
  PresenceEvent,
  RoomAddedEvent,
} from 'nest-chat-module/client';
import { open } from './actions.js';
import { attempt, quietly } from './errors.js';
import { render } from './render.js';
import { chat, roomView, state } from './state.js';

/** The page was opened as `/?signIn=dev`: the dev server signs tokens (`CHAT_DEV_SIGN_IN`). */
export const devSignIn =
  new URLSearchParams(location.search).get('signIn') === 'dev';

/** A token from the dev server for `user` (`null`: it gave none). */
export async function devToken(user: string): Promise<string | null> {
  const response = await fetch(
    `dev/token?user=${encodeURIComponent(user)}&name=${encodeURIComponent(user)}`,
  ).catch(() => null);
  return response?.ok ? response.text() : null;
}

/** Shows a room the user is a member of (already followed by the client). */
async function show(room: string, peer?: Member): Promise<void> {
  if (state.rooms.has(room)) return;
  const data = await chat().join(room);
  state.rooms.set(room, { ...roomView(data), peer });
  render();
}

/** Every room of the user, from its inbox (after each connection). */
export async function showInbox(): Promise<void> {
  let cursor: string | null = null;
  do {
    const page = await chat().inbox({
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const entry of page.rooms) {
      await show(entry.room, entry.peer);
      const view = state.rooms.get(entry.room);
      if (view) view.unread = entry.unread;
    }
    cursor = page.cursor;
  } while (cursor);
  render();
}

/** A direct room with `member`, opened on the server and shown. */
export async function openDirect(member: Member): Promise<void> {
  const opened = await attempt(() => chat().openDirect(member.userId));
  if (!state.rooms.has(opened.room)) {
    state.rooms.set(opened.room, { ...roomView(opened), peer: opened.peer });
  }
  open({ type: 'room', id: opened.room });
}

function presence({ room, member, online }: PresenceEvent): void {
  const entry = state.rooms.get(room);
  const known = entry?.members.find((m) => m.userId === member.userId);
  if (!entry || !known) return;
  known.online = online;
  entry.members.sort((a, b) => Number(b.online) - Number(a.online));
  render();
}

function added({ room, kind, by }: RoomAddedEvent): void {
  quietly(show(room, kind === 'direct' ? by : undefined));
}

export function followConversations(client: ChatClient): void {
  client.on('presence', presence);
  client.on('room:added', added);
}
