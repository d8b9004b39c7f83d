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

export { setAttr, setText } from '../lib/domWrites.ts';
