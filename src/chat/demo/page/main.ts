// The demo chat page, on the package's ./client entry (`createChatClient`):
// the client keeps each room's messages gapless and in order across
// reconnects and retries sends safely; the page keeps only what it shows
// (state.ts), draws it (render.ts) and acts on clicks (actions.ts).
import {
  deleteMessage,
  join,
  leave,
  loadOlder,
  markRead,
  open,
  openConversation,
  refreshRoomList,
  startEditing,
  stopEditing,
  submit,
  typed,
} from './actions.js';
import { connect } from './client-events.js';
import { openDirect } from './conversations.js';
import { $, button, input } from './dom.js';
import { quietly } from './errors.js';
import { render, useHandlers } from './render.js';
import { startReplying } from './replies.js';
import { state } from './state.js';
import { wireSearch } from './search.js';

wireSearch();
useHandlers({
  open,
  openConversation: (member) =>
    state.signedIn ? quietly(openDirect(member)) : openConversation(member),
  startEditing,
  startReplying: (message) => {
    startReplying(message);
    render();
  },
  deleteMessage,
  loadOlder,
  joinRoom: (room) => quietly(join(room)),
  markRead,
});

$('messages').onscroll = () => {
  if ($('messages').scrollTop === 0) loadOlder();
  markRead();
};
button('toggle-members').onclick = () =>
  $('app').classList.toggle('show-members');
button('cancel-edit').onclick = stopEditing;
$('login').onsubmit = (event) => {
  event.preventDefault();
  void connect(input('nickname').value.trim());
};
$('join-form').onsubmit = (event) => {
  event.preventDefault();
  const field = input('room-input');
  const room = field.value.trim();
  if (!room) return;
  // Emptied once joined, unless another name was typed meanwhile.
  join(room)
    .then(() => {
      if (field.value.trim() === room) field.value = '';
    })
    .catch(() => undefined);
};
button('leave').onclick = () => quietly(leave());
input('message-input').oninput = typed;
$('composer').onsubmit = (event) => {
  event.preventDefault();
  void submit();
};
setInterval(() => quietly(refreshRoomList()), 5000);
