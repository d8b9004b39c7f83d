/**
 * `h(tag, props, ...children)`: builds a DOM element in one expression, for panels written without a UI
 * framework. Generic DOM only.
 */

type Child = Node | string | null | undefined | false;

/** Attributes and properties of {@link h}: `class`, `dataset`, `on*` handlers, any attribute as string. */
export interface HProps {
  readonly class?: string;
  readonly dataset?: Readonly<Record<string, string>>;
  readonly text?: string;
  readonly [attribute: string]: unknown;
}

/**
 * Creates an element.
 * @param tag - element name
 * @param props - `class`, `dataset`, `text`, `onclick`-style listeners, other attributes (true = present)
 * @param children - nodes or strings appended in order (falsy ones skipped)
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: HProps = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = String(value);
    else if (name === 'text') element.textContent = String(value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value as EventListener);
    } else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/**
 * Sets a node's text only when it changed (avoids needless style and layout work on hot paths). When the node
 * holds one text node, that node's data is changed in place (no child list change to invalidate).
 */
export function setText(node: Node, text: string): void {
  const first = node.firstChild;
  if (first !== null && first === node.lastChild && first.nodeType === Node.TEXT_NODE) {
    if ((first as Text).data !== text) (first as Text).data = text;
  } else if (node.textContent !== text) node.textContent = text;
}

/** Sets an attribute only when its value changes (same reason as {@link setText}). */
export function setAttr(element: Element, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}
