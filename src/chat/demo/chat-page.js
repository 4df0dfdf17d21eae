// The demo chat page, on the package's ./client entry: the client keeps each
// room's messages gapless and in order across reconnects, and retries sends
// safely; this file only keeps what the page shows.
import { createChatClient } from '../client/index.js';

const $ = (id) => document.getElementById(id);
// view: { type: 'room', id: name } or { type: 'dm', id: userId }.
// rooms: name -> { members, messages, latestSeq (highest seq shown), lastRead, unread, hasOlder, loadingOlder }
// dms: userId -> { nickname, messages, unread }
const state = {
  client: null,
  me: null,
  view: null,
  rooms: new Map(),
  dms: new Map(),
  editing: null,
  typingTimer: null,
  typers: new Map(),
};
const activeRoom = () =>
  state.view && state.view.type === 'room'
    ? state.rooms.get(state.view.id)
    : null;
const activeDm = () =>
  state.view && state.view.type === 'dm' ? state.dms.get(state.view.id) : null;
const isMine = (m) => m.from && state.me && m.from.userId === state.me.userId;

/** What went wrong, in the rule's own words (the server says which rule refused). */
const HINTS = {
  RATE_LIMITED: 'slow down',
  ROOM_LIMIT: 'leave a room first',
  FORBIDDEN: 'not allowed',
  NOT_IN_ROOM: 'join the room first',
  UNAVAILABLE: 'try again in a moment',
  TIMEOUT: 'the server did not answer',
};
function showError(error) {
  const box = $('error');
  const hint = HINTS[error.code] ? ` (${HINTS[error.code]})` : '';
  const rules = Array.isArray(error.details)
    ? error.details.flatMap((field) => field.errors || [])
    : [];
  box.textContent = `${error.code}: ${rules.length ? rules.join('; ') : error.message}${hint}`;
  box.style.display = 'block';
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => (box.style.display = 'none'), 4000);
}

/** A client call whose refusal is shown to the user (and passed on). */
async function attempt(call) {
  try {
    return await call();
  } catch (error) {
    showError(error);
    throw error;
  }
}
const quietly = (promise) => promise.catch(() => {});

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, attrs);
  for (const child of children) node.append(child);
  return node;
}
const badge = (n) =>
  el('span', { className: 'badge', textContent: String(n), hidden: !n });

/** One entry of the rooms or conversations list: opens `view`; `data` names it for tests. */
function viewItem(view, data, ...content) {
  const active =
    state.view && state.view.type === view.type && state.view.id === view.id;
  const li = el(
    'li',
    { className: 'item' + (active ? ' active' : '') },
    ...content,
  );
  Object.assign(li.dataset, data);
  li.onclick = () => open(view);
  return li;
}

function renderLists() {
  $('my-rooms').replaceChildren(
    ...[...state.rooms].map(([room, entry]) =>
      viewItem(
        { type: 'room', id: room },
        { room },
        el('span', { textContent: '#' + room }),
        el(
          'span',
          {},
          badge(entry.unread),
          ' ',
          el('span', {
            className: 'count',
            textContent: String(entry.members.length),
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

function renderMembers() {
  const room = activeRoom();
  const members = room ? room.members : [];
  $('member-count').textContent = room ? `(${members.length})` : '';
  $('members').replaceChildren(
    ...members.map((m) => {
      const li = el('li', {
        className: 'item',
        textContent:
          m.nickname + (m.userId === state.me.userId ? ' (you)' : ''),
      });
      li.dataset.userId = m.userId;
      li.onclick = () => {
        conversation(m);
        open({ type: 'dm', id: m.userId });
        $('app').classList.remove('show-members');
      };
      return li;
    }),
  );
}

function messageNode(m) {
  const kind = m.kind || (m.from && m.from.userId === 'system' ? 'system' : '');
  const deleted = m.deletedAt !== undefined;
  const meta =
    kind === 'system'
      ? ''
      : `${m.from.nickname} · ${new Date(m.at).toLocaleTimeString()}`;
  const node = el('div', {
    className: [
      'message',
      isMine(m) && kind !== 'system' ? 'mine' : '',
      kind,
      m.to ? 'private' : '',
      deleted ? 'deleted' : '',
    ]
      .join(' ')
      .trim(),
  });
  if (m.id) node.dataset.id = m.id;
  if (isMine(m) && m.seq !== undefined && !deleted) {
    const edit = el('button', {
      type: 'button',
      className: 'edit',
      textContent: 'edit',
    });
    edit.onclick = () => startEditing(m);
    const remove = el('button', {
      type: 'button',
      className: 'delete',
      textContent: 'delete',
    });
    remove.onclick = () =>
      quietly(attempt(() => state.client.delete(m.room, m.id)));
    node.append(el('span', { className: 'actions' }, edit, remove));
  }
  if (meta) node.append(el('div', { className: 'meta', textContent: meta }));
  node.append(
    el('div', {
      className: 'text',
      textContent: deleted ? 'message deleted' : m.text,
    }),
  );
  if (m.editedAt !== undefined && !deleted)
    node
      .querySelector('.meta')
      ?.append(el('span', { className: 'edited', textContent: '(edited)' }));
  return node;
}

function renderMessages(keepPosition = false) {
  const box = $('messages');
  const fromBottom = box.scrollHeight - box.scrollTop;
  const view = activeRoom() || activeDm();
  if (!view) {
    box.replaceChildren(
      el('p', {
        className: 'empty',
        textContent: 'Join a room to start chatting.',
      }),
    );
    return;
  }
  box.replaceChildren(...view.messages.map(messageNode));
  const room = activeRoom();
  if (room && room.hasOlder) {
    const more = el('button', {
      id: 'load-older',
      type: 'button',
      className: 'secondary',
      textContent: 'older messages',
    });
    more.onclick = loadOlder;
    box.prepend(more);
  }
  box.scrollTop = keepPosition
    ? box.scrollHeight - fromBottom
    : box.scrollHeight;
  // Nothing to scroll yet: fill the view from the history.
  if (room && room.hasOlder && box.scrollHeight <= box.clientHeight)
    loadOlder();
  markRead();
}

function renderTyping() {
  const names = [
    ...(state.typers.get(state.view && state.view.id) || new Map()).values(),
  ];
  $('typing').textContent =
    activeRoom() && names.length
      ? `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} typing…`
      : '';
}

function render() {
  const room = activeRoom();
  const dm = activeDm();
  $('message-input').disabled = $('send').disabled = !(room || dm);
  $('leave').disabled = !room;
  $('target').textContent = state.editing
    ? 'editing'
    : room
      ? `#${state.view.id}`
      : dm
        ? `to @${dm.nickname} (private)`
        : '';
  $('cancel-edit').hidden = !state.editing;
  renderLists();
  renderMembers();
  renderMessages();
  renderTyping();
}

function open(view) {
  if (state.editing) stopEditing();
  state.view = view;
  const dm = activeDm();
  if (dm) dm.unread = 0;
  render();
}

/** The room is on screen and scrolled to its end: tell the server how far it was read. */
function markRead() {
  const room = activeRoom();
  const box = $('messages');
  if (!room || room.latestSeq <= room.lastRead || room.marking) return;
  if (box.scrollHeight - box.scrollTop - box.clientHeight > 4) return;
  room.marking = true;
  const name = state.view.id;
  state.client
    .read(name, room.latestSeq)
    .then(({ lastRead }) => {
      room.marking = false;
      readUpTo(name, lastRead);
      if (activeRoom() === room) markRead();
    })
    .catch(() => {
      room.marking = false;
    });
}

function readUpTo(name, lastRead) {
  const room = state.rooms.get(name);
  if (!room) return;
  room.lastRead = Math.max(room.lastRead, lastRead);
  room.unread = room.messages.filter(
    (m) =>
      m.seq > room.lastRead &&
      !isMine(m) &&
      m.deletedAt === undefined &&
      m.from,
  ).length;
  renderLists();
}

function addToRoom(name, message) {
  const room = state.rooms.get(name);
  if (!room) return;
  room.messages.push(message);
  if (activeRoom() === room) renderMessages();
}

/** The client hands each room message once, in seq order, gaps filled. */
function addRoomMessage(message) {
  const room = state.rooms.get(message.room);
  if (!room) return;
  if (message.seq !== undefined) room.latestSeq = message.seq;
  if (!isMine(message)) room.unread++;
  addToRoom(message.room, message);
  renderLists();
}

function changeMessage(name, id, change) {
  const room = state.rooms.get(name);
  if (!room) return;
  const index = room.messages.findIndex((m) => m.id === id);
  if (index < 0) return;
  room.messages[index] = change(room.messages[index]);
  readUpTo(name, room.lastRead);
  if (activeRoom() === room) renderMessages(true);
}

async function loadOlder() {
  const room = activeRoom();
  const oldest = room && room.messages.find((m) => m.seq !== undefined);
  if (!room || !room.hasOlder || room.loadingOlder || !oldest) return;
  room.loadingOlder = true;
  try {
    const page = await attempt(() =>
      state.client.history(state.view.id, { before: oldest.seq }),
    );
    room.messages.unshift(...page.messages);
    room.hasOlder = page.hasMore;
  } finally {
    room.loadingOlder = false;
  }
  renderMessages(true);
}

async function refreshRoomList() {
  if (!state.client || !state.client.socket.connected) return;
  const { rooms } = await state.client.rooms();
  $('all-rooms').replaceChildren(
    ...rooms.map(({ room, members }) => {
      const li = el(
        'li',
        { className: 'item' },
        el('span', { textContent: '#' + room }),
        el('span', { className: 'count', textContent: String(members) }),
      );
      li.onclick = () => quietly(join(room));
      return li;
    }),
  );
}

async function join(name) {
  const data = await attempt(() => state.client.join(name));
  state.rooms.set(name, {
    members: data.members,
    messages: data.history.slice(),
    latestSeq: data.latestSeq,
    lastRead: data.lastRead,
    unread: data.unread,
    hasOlder: !data.complete,
  });
  open({ type: 'room', id: name });
  quietly(refreshRoomList());
}

/** The private conversation with a user (the other party, whoever wrote). */
function conversation(member) {
  if (!state.dms.has(member.userId))
    state.dms.set(member.userId, {
      nickname: member.nickname,
      messages: [],
      unread: 0,
    });
  return state.dms.get(member.userId);
}

function addPrivate(message) {
  const otherId = isMine(message) ? message.to : message.from.userId;
  const known = [...state.rooms.values()]
    .flatMap((r) => r.members)
    .find((m) => m.userId === otherId);
  const dm = conversation(
    isMine(message)
      ? known || { userId: otherId, nickname: otherId }
      : message.from,
  );
  if (dm.messages.some((m) => m.id === message.id)) return;
  dm.messages.push(message);
  if (activeDm() === dm) renderMessages();
  else {
    dm.unread++;
    renderLists();
  }
}

function startEditing(message) {
  state.editing = { room: message.room, id: message.id };
  $('message-input').value = message.text;
  $('message-input').focus();
  render();
}
function stopEditing() {
  state.editing = null;
  $('message-input').value = '';
  render();
}

function connect(nickname) {
  const client = createChatClient(location.origin, {
    nickname: nickname || undefined,
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
  socket.on('disconnect', (reason) => {
    $('dot').classList.remove('on');
    $('status').textContent = 'offline (' + reason + ')';
  });
  socket.on('connect_error', (err) => {
    showError({
      code: err.message,
      message: 'the server refused the connection',
    });
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
  });
  client.on('message:new', addRoomMessage);
  client.on('rejoined', ({ room, members, lastRead }) => {
    const entry = state.rooms.get(room);
    if (!entry) return;
    entry.members = members;
    readUpTo(room, lastRead);
    render();
  });
  client.on('gap', ({ room }) =>
    addToRoom(room, {
      kind: 'system',
      text: 'some messages are no longer kept (the server restarted or they expired)',
      at: Date.now(),
    }),
  );
  client.on('message:updated', (m) => changeMessage(m.room, m.id, () => m));
  client.on('message:deleted', ({ room, id }) =>
    changeMessage(room, id, (m) => ({ ...m, text: '', deletedAt: Date.now() })),
  );
  client.on('room:read', ({ room, lastRead }) => readUpTo(room, lastRead));
  client.on('message:private', addPrivate);
  const notice = (m, text) => {
    const room = activeRoom() && state.view.id;
    if (room) addToRoom(room, { ...m, kind: 'system', text });
  };
  client.on('message:broadcast', (m) =>
    notice(m, `broadcast from ${m.from.nickname}: ${m.text}`),
  );
  client.on('announcement', (m) => notice(m, `announcement: ${m.text}`));
  client.on('room:joined', ({ room, member }) => {
    const entry = state.rooms.get(room);
    if (!entry) return;
    if (!entry.members.some((m) => m.userId === member.userId))
      entry.members.push(member);
    addToRoom(room, {
      kind: 'system',
      text: `${member.nickname} joined`,
      at: Date.now(),
    });
    render();
    quietly(refreshRoomList());
  });
  client.on('room:left', ({ room, member }) => {
    const entry = state.rooms.get(room);
    if (!entry) return;
    entry.members = entry.members.filter((m) => m.userId !== member.userId);
    (state.typers.get(room) || new Map()).delete(member.userId);
    addToRoom(room, {
      kind: 'system',
      text: `${member.nickname} left`,
      at: Date.now(),
    });
    render();
    quietly(refreshRoomList());
  });
  client.on('room:kicked', ({ room }) => {
    state.rooms.delete(room);
    if (state.view && state.view.type === 'room' && state.view.id === room)
      state.view = null;
    showError({ code: 'KICKED', message: `you were removed from #${room}` });
    render();
  });
  client.on('typing', ({ room, member, typing }) => {
    if (!state.typers.has(room)) state.typers.set(room, new Map());
    const typers = state.typers.get(room);
    if (typing) typers.set(member.userId, member.nickname);
    else typers.delete(member.userId);
    renderTyping();
  });
  client.on('exception', showError);
}

function stopTyping() {
  if (!state.typingTimer) return;
  clearTimeout(state.typingTimer);
  state.typingTimer = null;
  if (activeRoom()) quietly(state.client.typing(state.view.id, false));
}

$('messages').onscroll = () => {
  if ($('messages').scrollTop === 0) loadOlder();
  markRead();
};
$('toggle-members').onclick = () => $('app').classList.toggle('show-members');
$('cancel-edit').onclick = stopEditing;
$('login').onsubmit = (e) => {
  e.preventDefault();
  connect($('nickname').value.trim());
};
$('join-form').onsubmit = (e) => {
  e.preventDefault();
  const input = $('room-input');
  const room = input.value.trim();
  if (!room) return;
  // Emptied once joined, unless another name was typed meanwhile.
  join(room)
    .then(() => {
      if (input.value.trim() === room) input.value = '';
    })
    .catch(() => {});
};
$('leave').onclick = async () => {
  if (!activeRoom()) return;
  const room = state.view.id;
  await quietly(attempt(() => state.client.leave(room)));
  state.rooms.delete(room);
  state.view = null;
  render();
  quietly(refreshRoomList());
};
$('message-input').oninput = () => {
  if (!activeRoom() || state.editing) return;
  if (!state.typingTimer) quietly(state.client.typing(state.view.id, true));
  clearTimeout(state.typingTimer);
  state.typingTimer = setTimeout(stopTyping, 2000);
};
$('composer').onsubmit = async (e) => {
  e.preventDefault();
  const input = $('message-input');
  const text = input.value.trim();
  if (!text) return;
  stopTyping();
  if (state.editing) {
    const { room, id } = state.editing;
    try {
      await attempt(() => state.client.edit(room, id, text));
      stopEditing();
    } catch {
      /* shown by attempt() */
    }
    return;
  }
  // Emptied now, not on the ack: a second Enter does not send it twice, and
  // what is typed while the ack is on its way stays.
  input.value = '';
  try {
    if (activeDm()) {
      const to = state.view.id;
      const message = await attempt(() => state.client.sendPrivate(to, text));
      if (to !== state.me.userId) addPrivate(message);
    } else {
      await attempt(() => state.client.send(state.view.id, text));
    }
  } catch {
    // Shown by attempt(); the text comes back to be fixed unless more was typed.
    if (!input.value) input.value = text;
  }
};
setInterval(() => quietly(refreshRoomList()), 5000);
