/**
 * Arrow keys through a list of buttons (the series list, the findings): ↑/← previous, ↓/→ next, Home/End
 * first/last, and one Tab stop for the whole list (the item last focused). Marks the list as a `list` key
 * region, so the viewer's shortcuts leave those keys to it (focusRules). Generic DOM only.
 */
import { markKeyRegion } from './focusRules.ts';

/** Where each key moves focus, from the focused item's position. */
const moves: Readonly<Record<string, (at: number, count: number) => number>> = {
  ArrowUp: (at) => at - 1,
  ArrowLeft: (at) => at - 1,
  ArrowDown: (at) => at + 1,
  ArrowRight: (at) => at + 1,
  Home: () => 0,
  End: (_at, count) => count - 1,
};

/**
 * Makes `list` move focus between its items with the arrow keys and Home/End (no wrap at the ends).
 * @param list - the list element (its items' keydown bubbles here)
 * @param items - the focusable items, in order (read on each key, so a list may change)
 */
export function keyboardList(list: HTMLElement, items: () => readonly HTMLElement[]): void {
  markKeyRegion(list, 'list');
  const rove = (current: HTMLElement) => {
    for (const item of items()) item.tabIndex = item === current ? 0 : -1;
  };
  const first = items()[0];
  if (first) rove(first);
  list.addEventListener('focusin', (event) => {
    const item = items().find((i) => i === event.target);
    if (item) rove(item);
  });
  list.addEventListener('keydown', (event) => {
    const move = moves[event.key];
    if (!move || event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    event.preventDefault();
    const next = all[Math.max(0, Math.min(all.length - 1, move(at, all.length)))];
    next?.focus();
  });
}
