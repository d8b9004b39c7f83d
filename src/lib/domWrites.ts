/**
 * DOM writes that happen only when the value changes: text and attributes updated on every slice (overlay
 * lines, viewport data attributes) would otherwise queue mutation records and style work on the scrolling
 * path. Generic DOM; imports nothing of ours.
 */

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
