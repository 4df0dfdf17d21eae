// The open room's search box: the server's `room:search`, newest first.
import { button, el, input, $ } from './dom.js';
import { attempt, quietly } from './errors.js';
import { activeRoom, chat, state } from './state.js';

/** Shows or hides the box with the room; a room change closes the results. */
export function renderSearch(): void {
  $('search-form').hidden = activeRoom() === null;
  if (activeRoom() === null) closeResults();
}

function closeResults(): void {
  $('search-results').hidden = true;
  $('search-results').replaceChildren();
  button('search-close').hidden = true;
}

async function search(): Promise<void> {
  const room = state.view?.type === 'room' ? state.view.id : null;
  const query = input('search-input').value.trim();
  if (!room || !query) return;
  const { messages } = await attempt(() => chat().search(room, query));
  const list = $('search-results');
  list.replaceChildren(
    ...(messages.length
      ? messages.map((m) =>
          el(
            'li',
            {},
            el('div', {
              className: 'meta',
              textContent: `#${m.seq} · ${m.from.nickname} · ${new Date(m.at).toLocaleString()}`,
            }),
            el('div', { className: 'text', textContent: m.text }),
          ),
        )
      : [
          el('li', {
            className: 'empty',
            textContent: `Nothing in #${room} has every word of “${query}”.`,
          }),
        ]),
  );
  list.hidden = false;
  button('search-close').hidden = false;
}

/** Wires the box (once). */
export function wireSearch(): void {
  $('search-form').onsubmit = (event) => {
    event.preventDefault();
    quietly(search());
  };
  button('search-close').onclick = closeResults;
}
