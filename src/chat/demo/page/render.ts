// The page drawn from `state`: lists, members, messages, the composer. It
// changes nothing itself; what a click does is the handlers' (actions.ts).
import type { Member, Message } from 'nest-chat-module/client';
import { $, badge, button, el, input } from './dom.js';
import { reactButton, reactionsNode } from './reactions.js';
import { quoteNode, replyButton } from './replies.js';
import { renderSearch } from './search.js';
import {
  activeDm,
  activeRoom,
  isMine,
  isNotice,
  state,
  type Line,
  type View,
} from './state.js';

/** What the page's controls do (actions.ts), handed over once by main.ts. */
export interface Handlers {
  open(view: View): void;
  openConversation(member: Member): void;
  startEditing(message: Message): void;
  startReplying(message: Message): void;
  deleteMessage(message: Message): void;
  loadOlder(): void;
  joinRoom(room: string): void;
  markRead(): void;
}

let handlers: Handlers;

export function useHandlers(given: Handlers): void {
  handlers = given;
}

const isOpen = (view: View) =>
  state.view?.type === view.type && state.view.id === view.id;

/** A member count with its label. */
const memberLabel = (count: number) =>
  `${count} ${count === 1 ? 'member' : 'members'}`;

/** One entry of the rooms or conversations list: opens `view`; `data` names it for tests. */
function viewItem(
  view: View,
  data: Record<string, string>,
  ...content: (Node | string)[]
): HTMLLIElement {
  const li = el(
    'li',
    { className: 'item' + (isOpen(view) ? ' active' : '') },
    ...content,
  );
  Object.assign(li.dataset, data);
  li.onclick = () => handlers.open(view);
  return li;
}

export function renderLists(): void {
  $('my-rooms').replaceChildren(
    ...[...state.rooms].map(([room, entry]) =>
      viewItem(
        { type: 'room', id: room },
        { room },
        el('span', {
          textContent: entry.peer ? '@' + entry.peer.nickname : '#' + room,
        }),
        el(
          'span',
          {},
          badge(entry.unread),
          ' ',
          el('span', {
            className: 'count',
            textContent: memberLabel(entry.members.length),
          }),
        ),
      ),
    ),
  );
  $('conversations').replaceChildren(
    ...[...state.dms].map(([userId, dm]) =>
      viewItem(
        { type: 'dm', id: userId },
        { user: userId },
        el('span', { textContent: '@' + dm.nickname }),
        badge(dm.unread),
      ),
    ),
  );
}

function renderMembers(): void {
  const room = activeRoom();
  const members = room ? room.members : [];
  $('member-count').textContent = room ? `(${members.length})` : '';
  $('members').replaceChildren(
    ...members.map((member) => {
      const li = el('li', {
        className: 'item ' + (member.online ? 'online' : 'offline'),
        textContent:
          member.nickname +
          (member.userId === state.me?.userId ? ' (you)' : ''),
      });
      li.dataset.userId = member.userId;
      li.onclick = () => handlers.openConversation(member);
      return li;
    }),
  );
}

/** The edit and delete buttons of one's own room message. */
function ownActions(message: Message): HTMLElement {
  const edit = el('button', {
    type: 'button',
    className: 'edit',
    textContent: 'edit',
  });
  edit.onclick = () => handlers.startEditing(message);
  const remove = el('button', {
    type: 'button',
    className: 'delete',
    textContent: 'delete',
  });
  remove.onclick = () => handlers.deleteMessage(message);
  return el('span', { className: 'actions' }, edit, remove);
}

function lineNode(line: Line): HTMLElement {
  if (isNotice(line)) {
    return el(
      'div',
      { className: 'message system' },
      el('div', { className: 'text', textContent: line.text }),
    );
  }
  const system = line.from.userId === 'system';
  const deleted = line.deletedAt !== undefined;
  const mine = isMine(line) && !system;
  const node = el('div', {
    className: [
      'message',
      mine ? 'mine' : '',
      system ? 'system' : '',
      'to' in line ? 'private' : '',
      deleted ? 'deleted' : '',
    ]
      .filter(Boolean)
      .join(' '),
  });
  node.dataset.id = line.id;
  if (!system) {
    const meta = el('div', {
      className: 'meta',
      textContent: `${line.from.nickname} · ${new Date(line.at).toLocaleTimeString()}`,
    });
    if (line.editedAt !== undefined && !deleted) {
      meta.append(el('span', { className: 'edited', textContent: '(edited)' }));
    }
    if (line.seq !== undefined && !deleted) {
      meta.append(
        reactButton(line),
        replyButton(line, (m) => handlers.startReplying(m)),
      );
      if (mine) meta.append(ownActions(line));
    }
    node.append(meta);
  }
  const quote = quoteNode(line);
  if (quote) node.append(quote);
  node.append(
    el('div', {
      className: 'text',
      textContent: deleted ? 'message deleted' : line.text,
    }),
  );
  const reactions = deleted ? null : reactionsNode(line);
  if (reactions) node.append(reactions);
  return node;
}

/** `keepPosition`: older lines were added above; the view stays where it was. */
export function renderMessages(keepPosition = false): void {
  const box = $('messages');
  const fromBottom = box.scrollHeight - box.scrollTop;
  const room = activeRoom();
  const shown = room ?? activeDm();
  if (!shown) {
    box.replaceChildren(
      el('p', {
        className: 'empty',
        textContent: 'Join a room to start chatting.',
      }),
    );
    return;
  }
  box.replaceChildren(
    ...(shown.lines.length
      ? shown.lines.map(lineNode)
      : [
          el('p', {
            className: 'empty',
            textContent: room
              ? `No messages in #${state.view?.id} yet: say hello.`
              : 'No messages yet: write the first one.',
          }),
        ]),
  );
  if (room?.hasOlder) {
    const more = el('button', {
      id: 'load-older',
      type: 'button',
      className: 'secondary',
      textContent: 'older messages',
    });
    more.onclick = () => handlers.loadOlder();
    box.prepend(more);
  }
  box.scrollTop = keepPosition
    ? box.scrollHeight - fromBottom
    : box.scrollHeight;
  // Nothing to scroll yet: fill the view from the history.
  if (room?.hasOlder && box.scrollHeight <= box.clientHeight) {
    handlers.loadOlder();
  }
  handlers.markRead();
}

export function renderTyping(): void {
  const typers = state.view ? state.typers.get(state.view.id) : undefined;
  const names = [...(typers?.values() ?? [])];
  $('typing').textContent =
    activeRoom() && names.length
      ? `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} typing…`
      : '';
}

/** The composer's target: the room, the private conversation, or the edit. */
function target(): string {
  if (state.editing) return 'editing';
  if (state.replyingTo && activeRoom()) {
    return `replying to ${state.replyingTo.nickname}`;
  }
  const dm = activeDm();
  if (activeRoom()) return `#${state.view?.id}`;
  return dm ? `to @${dm.nickname} (private)` : '';
}

export function render(): void {
  const open = activeRoom() !== null || activeDm() !== null;
  input('message-input').disabled = !open;
  button('send').disabled = !open;
  button('leave').disabled = activeRoom() === null;
  $('target').textContent = target();
  button('cancel-edit').hidden =
    state.editing === null && state.replyingTo === null;
  renderLists();
  renderMembers();
  renderMessages();
  renderTyping();
  renderSearch();
}

/** The list of every room, each joined on a click. */
export function renderAllRooms(rooms: { room: string; members: number }[]) {
  $('all-rooms').replaceChildren(
    ...rooms.map(({ room, members: count }) => {
      const li = el(
        'li',
        { className: 'item' },
        el('span', { textContent: '#' + room }),
        el('span', { className: 'count', textContent: memberLabel(count) }),
      );
      li.onclick = () => handlers.joinRoom(room);
      return li;
    }),
  );
}
