// What the page shows, in one place: the rooms and private conversations it
// follows, which one is open, the composer's mode. Rendering reads it;
// actions and the client's events change it.
import type {
  ChatClient,
  Member,
  MemberPresence,
  Message,
  PrivateMessage,
  SessionInfo,
} from 'nest-chat-module/client';

/** What the middle pane shows: a room, or the private conversation with a user. */
export interface View {
  type: 'room' | 'dm';
  /** The room's name, or the other user's id. */
  id: string;
}

/** A line the page adds itself (joins, leaves, broadcasts, a gap). */
export interface Notice {
  kind: 'system';
  text: string;
  at: number;
}

/** One line of the message list. */
export type Line = Message | PrivateMessage | Notice;

export const isNotice = (line: Line): line is Notice =>
  'kind' in line && line.kind === 'system';

export interface RoomView {
  /** Online ones first (signed-in users stay members while offline). */
  members: MemberPresence[];
  /** The other user of a direct room. */
  peer?: Member;
  lines: Line[];
  /** The highest `seq` shown. */
  latestSeq: number;
  lastRead: number;
  unread: number;
  /** Older messages exist than the first one shown. */
  hasOlder: boolean;
  loadingOlder: boolean;
  /** A `room:read` is on its way. */
  marking: boolean;
}

export interface DmView {
  nickname: string;
  lines: Line[];
  unread: number;
}

export interface PageState {
  client: ChatClient | null;
  /** Signed in (the dev server's sign-in): rooms are memberships, members have presence. */
  signedIn: boolean;
  me: SessionInfo | null;
  view: View | null;
  rooms: Map<string, RoomView>;
  dms: Map<string, DmView>;
  /** The message being edited, when the composer edits. */
  editing: { room: string; id: string } | null;
  /** The message the composer answers, when it replies. */
  replyingTo: { room: string; id: string; nickname: string } | null;
  typingTimer: ReturnType<typeof setTimeout> | null;
  /** Room → userId → nickname of those typing there. */
  typers: Map<string, Map<string, string>>;
}

export const state: PageState = {
  client: null,
  signedIn: false,
  me: null,
  view: null,
  rooms: new Map(),
  dms: new Map(),
  editing: null,
  replyingTo: null,
  typingTimer: null,
  typers: new Map(),
};

/** The connected client (actions run only once connected). */
export function chat(): ChatClient {
  if (!state.client) throw new Error('not connected');
  return state.client;
}

export const activeRoom = (): RoomView | null =>
  state.view?.type === 'room' ? (state.rooms.get(state.view.id) ?? null) : null;

export const activeDm = (): DmView | null =>
  state.view?.type === 'dm' ? (state.dms.get(state.view.id) ?? null) : null;

export const isMine = (line: Line): boolean =>
  !isNotice(line) && state.me !== null && line.from.userId === state.me.userId;

/** A room as `room:join` answers it. */
export function roomView(data: {
  members: MemberPresence[];
  history: Message[];
  latestSeq: number;
  lastRead: number;
  unread: number;
  complete: boolean;
}): RoomView {
  return {
    members: data.members,
    lines: data.history.slice(),
    latestSeq: data.latestSeq,
    lastRead: data.lastRead,
    unread: data.unread,
    hasOlder: !data.complete,
    loadingOlder: false,
    marking: false,
  };
}

/** The private conversation with a user, made on first use. */
export function conversation(member: Member): DmView {
  let dm = state.dms.get(member.userId);
  if (!dm) {
    dm = { nickname: member.nickname, lines: [], unread: 0 };
    state.dms.set(member.userId, dm);
  }
  return dm;
}

/** Moves the room's read position forward and counts what is left unread. */
export function readUpTo(room: RoomView, lastRead: number): void {
  room.lastRead = Math.max(room.lastRead, lastRead);
  room.unread = room.lines.filter(
    (line) =>
      !isNotice(line) &&
      line.seq !== undefined &&
      line.seq > room.lastRead &&
      !isMine(line) &&
      line.deletedAt === undefined,
  ).length;
}
