/**
 * Who a key press belongs to, the viewer's shortcuts or the focused control: one table, read by the
 * ShortcutRegistry (which keys it leaves to the control) and by the help overlay (which says so). Reads the
 * DOM around the focused element only; knows nothing of the viewer.
 */

/** What kind of place has keyboard focus. */
export type FocusRegion =
  | 'viewport'
  | 'slider'
  | 'textEntry'
  | 'button'
  | 'link'
  | 'list'
  | 'document'
  | 'dialog';

/** What a focused region keeps for itself. */
export interface FocusRule {
  /** `KeyboardEvent.key` values the region keeps; `'all'`: every key but `except`. */
  readonly owns: readonly string[] | 'all';
  /** With `owns: 'all'`: keys that still reach the viewer's shortcuts. */
  readonly except?: readonly string[];
  /** For the help: where this applies. */
  readonly where: string;
  /** For the help: the keys, as it shows them. */
  readonly keys: readonly string[];
  /** For the help: what they do there. */
  readonly does: string;
}

const arrows = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'];

/**
 * The rules. A region that owns a key gets it with its native meaning (or its own handler); every other key
 * runs the viewer's shortcut as the help lists it. The slice slider owns no key: its arrows, Page Up/Down and
 * Home/End are the viewer's, so Down is the next image there too (a native range input would go the other
 * way).
 */
export const focusRules: Readonly<Record<FocusRegion, FocusRule>> = {
  viewport: {
    owns: [],
    where: 'Image, or nothing focused',
    keys: ['every key'],
    does: 'as listed in this help',
  },
  slider: {
    owns: [],
    where: 'Image slider',
    keys: ['↑', '↓', 'Page Up', 'Page Down', 'Home', 'End'],
    does: 'move through the images as on the image (↓ next)',
  },
  textEntry: {
    owns: 'all',
    except: ['Escape'],
    where: 'Number box (fps) or drop-down list',
    keys: ['digits', '↑', '↓'],
    does: 'type, step or choose the value; the shortcuts wait until you leave it',
  },
  button: {
    owns: [' ', 'Enter'],
    where: 'Button or checkbox',
    keys: ['Space', 'Enter'],
    does: 'press the button, tick the checkbox',
  },
  link: {
    owns: ['Enter'],
    where: 'Link in the case text',
    keys: ['Enter'],
    does: 'go to the finding',
  },
  list: {
    owns: [...arrows, 'Home', 'End'],
    where: 'Series list, findings list',
    keys: ['↑', '↓', '←', '→', 'Home', 'End'],
    does: 'move through the list (Enter or Space opens the item)',
  },
  document: {
    owns: ['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' '],
    where: 'Case text',
    keys: ['↑', '↓', 'Page Up', 'Page Down', 'Home', 'End', 'Space'],
    does: 'scroll the text',
  },
  dialog: {
    owns: 'all',
    except: ['Escape', '?'],
    where: 'This help',
    keys: ['Esc', '?'],
    does: 'close it; other keys stay in the help',
  },
};

/** Attribute that marks a container as a `list` or `document` region (see {@link markKeyRegion}). */
export const keyRegionAttribute = 'data-key-region';

/**
 * Marks `element` as a region whose keys its items keep (`list`: arrows and Home/End move through it;
 * `document`: the scrolling keys scroll it).
 */
export function markKeyRegion(element: HTMLElement, region: 'list' | 'document'): void {
  element.setAttribute(keyRegionAttribute, region);
}

const buttonInputTypes = new Set([
  'button',
  'checkbox',
  'radio',
  'submit',
  'reset',
  'image',
  'color',
  'file',
]);
const buttonRoles = new Set(['button', 'checkbox', 'radio', 'switch', 'menuitem', 'option', 'tab']);

/** The region of the focused element itself, or null when it is no control. */
function ownRegion(element: Element): FocusRegion | null {
  if (element instanceof HTMLInputElement) {
    if (element.type === 'range') return 'slider';
    return buttonInputTypes.has(element.type) ? 'button' : 'textEntry';
  }
  if (
    element instanceof HTMLTextAreaElement ||
    element instanceof HTMLSelectElement ||
    (element instanceof HTMLElement && element.isContentEditable)
  ) {
    return 'textEntry';
  }
  if (element instanceof HTMLButtonElement || element.localName === 'summary') return 'button';
  if (buttonRoles.has(element.getAttribute('role') ?? '')) return 'button';
  if (element instanceof HTMLAnchorElement && element.hasAttribute('href')) return 'link';
  return null;
}

/**
 * The regions a focused element is in, innermost first: its own (a button, a slider...), then the marked
 * list or document around it, then an open modal dialog (wherever focus is while one is open).
 * `['viewport']` when it is in none (the image, the page).
 * @param target - the key event's target (the focused element, or the body)
 */
export function focusRegionsOf(target: EventTarget | null): FocusRegion[] {
  if (!(target instanceof Element)) return ['viewport'];
  const regions: FocusRegion[] = [];
  const own = ownRegion(target);
  if (own) regions.push(own);
  const list = target.closest(`[${keyRegionAttribute}="list"]`);
  if (list && list !== target) regions.push('list');
  if (target.closest(`[${keyRegionAttribute}="document"]`)) regions.push('document');
  // A modal dialog keeps the keys wherever focus went (a click on its text leaves focus on the body).
  const modal = '[role="dialog"][aria-modal="true"]';
  if (target.closest(modal) || target.ownerDocument.querySelector(`${modal}:not([hidden])`)) {
    regions.push('dialog');
  }
  return regions.length > 0 ? regions : ['viewport'];
}

/** True when a region keeps `key` for itself. */
export function regionOwnsKey(region: FocusRegion, key: string): boolean {
  const rule = focusRules[region];
  return rule.owns === 'all' ? !(rule.except ?? []).includes(key) : rule.owns.includes(key);
}

/**
 * True when the focused control keeps `key` (its native meaning or its own handler), false when the key is
 * the viewer's shortcut.
 * @param target - the key event's target
 * @param key - `KeyboardEvent.key`
 */
export function focusedControlOwnsKey(target: EventTarget | null, key: string): boolean {
  return focusRegionsOf(target).some((region) => regionOwnsKey(region, key));
}
