// Small DOM helpers shared by rendering and the page's wiring.

/** The element with this id; the page's markup (index.html) has each one. */
export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the page`);
  return found as T;
}

export const input = (id: string) => $<HTMLInputElement>(id);
export const button = (id: string) => $<HTMLButtonElement>(id);

type Child = Node | string;

/** An element with these properties and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** A count that hides itself at zero. */
export const badge = (count: number) =>
  el('span', {
    className: 'badge',
    textContent: String(count),
    hidden: !count,
  });
