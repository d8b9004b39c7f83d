// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  focusedControlOwnsKey,
  focusRegionsOf,
  focusRules,
  markKeyRegion,
  regionOwnsKey,
} from './focusRules.ts';
import { h } from './h.ts';
import { keyboardList } from './keyboardList.ts';
import { ShortcutRegistry } from './ShortcutRegistry.ts';

const navigation = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End'];
const keys = [...navigation, ' ', 'Enter', 'Escape', '?', '2', 'i', 'a', 'Delete', '+'];

/** The page regions the app has, built as the panels build them. */
function page() {
  const slider = h('input', { type: 'range' });
  const fps = h('input', { type: 'number' });
  const checkbox = h('input', { type: 'checkbox' });
  const toolbarButton = h('button', { type: 'button', text: 'Invert' });
  const viewport = h('div', { tabindex: '-1' });
  const seriesItem = h('button', { type: 'button', text: 'CT' });
  const seriesList = h('ul', {}, h('li', {}, seriesItem));
  markKeyRegion(seriesList, 'list');
  const link = h('a', { href: '#finding-1', text: 'the level' });
  const text = h('div', { tabindex: '0' }, h('p', {}, link));
  markKeyRegion(text, 'document');
  const close = h('button', { type: 'button', text: 'Close' });
  const dialog = h('div', { role: 'dialog', 'aria-modal': 'true', hidden: true }, close);
  document.body.replaceChildren(slider, fps, checkbox, toolbarButton, viewport, seriesList, text, dialog);
  return { slider, fps, checkbox, toolbarButton, viewport, seriesItem, link, text, close, dialog };
}

describe('focusRegionsOf', () => {
  it('names the region of each focusable place, innermost first', () => {
    const p = page();
    expect(focusRegionsOf(document.body)).toEqual(['viewport']);
    expect(focusRegionsOf(p.viewport)).toEqual(['viewport']);
    expect(focusRegionsOf(p.slider)).toEqual(['slider']);
    expect(focusRegionsOf(p.fps)).toEqual(['textEntry']);
    expect(focusRegionsOf(p.checkbox)).toEqual(['button']);
    expect(focusRegionsOf(p.toolbarButton)).toEqual(['button']);
    expect(focusRegionsOf(p.seriesItem)).toEqual(['button', 'list']);
    expect(focusRegionsOf(p.link)).toEqual(['link', 'document']);
    expect(focusRegionsOf(p.text)).toEqual(['document']);
    expect(focusRegionsOf(null)).toEqual(['viewport']);
    expect(focusRegionsOf(h('select'))).toEqual(['textEntry']);
  });

  it('puts every place in the dialog region while a modal dialog is open, wherever focus is', () => {
    const p = page();
    p.dialog.hidden = false;
    expect(focusRegionsOf(p.close)).toEqual(['button', 'dialog']);
    expect(focusRegionsOf(document.body)).toEqual(['dialog']);
    expect(focusRegionsOf(p.slider)).toEqual(['slider', 'dialog']);
  });
});

describe('the rule table', () => {
  // What each region keeps, key by key: `true` = the focused control, `false` = the viewer's shortcut.
  const expected: Record<string, Record<string, boolean>> = {
    viewport: Object.fromEntries(keys.map((k) => [k, false])),
    slider: Object.fromEntries(keys.map((k) => [k, false])),
    textEntry: Object.fromEntries(keys.map((k) => [k, k !== 'Escape'])),
    button: Object.fromEntries(keys.map((k) => [k, k === ' ' || k === 'Enter'])),
    link: Object.fromEntries(keys.map((k) => [k, k === 'Enter'])),
    list: Object.fromEntries(
      keys.map((k) => [k, ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(k)]),
    ),
    document: Object.fromEntries(
      keys.map((k) => [k, ['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' '].includes(k)]),
    ),
    dialog: Object.fromEntries(keys.map((k) => [k, k !== 'Escape' && k !== '?'])),
  };

  for (const region of Object.keys(focusRules) as (keyof typeof focusRules)[]) {
    it(`${region} keeps exactly its keys`, () => {
      const got = Object.fromEntries(keys.map((k) => [k, regionOwnsKey(region, k)]));
      expect(got).toEqual(expected[region]);
    });
  }

  it('has help text for every region', () => {
    for (const rule of Object.values(focusRules)) {
      expect(rule.where.length).toBeGreaterThan(0);
      expect(rule.keys.length).toBeGreaterThan(0);
      expect(rule.does.length).toBeGreaterThan(0);
    }
  });

  it('combines the regions a place is in: a list button keeps Space, Enter and the arrows', () => {
    const p = page();
    expect(focusedControlOwnsKey(p.seriesItem, ' ')).toBe(true);
    expect(focusedControlOwnsKey(p.seriesItem, 'ArrowDown')).toBe(true);
    expect(focusedControlOwnsKey(p.seriesItem, 'PageDown')).toBe(false);
    expect(focusedControlOwnsKey(p.link, 'Enter')).toBe(true);
    expect(focusedControlOwnsKey(p.link, 'ArrowDown')).toBe(true);
    expect(focusedControlOwnsKey(p.link, 'ArrowRight')).toBe(false);
    expect(focusedControlOwnsKey(p.slider, 'ArrowDown')).toBe(false);
  });
});

describe('ShortcutRegistry with the focus rules', () => {
  let ran: string[];
  let registry: ShortcutRegistry;
  beforeEach(() => {
    ran = [];
    registry = new ShortcutRegistry();
    for (const [key, name] of [
      ['ArrowDown', 'next'],
      ['PageDown', 'page'],
      [' ', 'cine'],
      ['2', 'bone'],
      ['Escape', 'close'],
    ] as const) {
      registry.register({
        keys: [key],
        description: name,
        group: 'g',
        match: [key],
        run: () => ran.push(name),
      });
    }
  });
  const press = (target: HTMLElement, key: string) => {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
    target.dispatchEvent(event);
    return { handled: registry.handle(event), prevented: event.defaultPrevented };
  };

  it('runs the viewer shortcut on the slider and stops the native range step (Down = next image)', () => {
    const p = page();
    expect(press(p.slider, 'ArrowDown')).toEqual({ handled: true, prevented: true });
    expect(press(p.slider, 'PageDown')).toEqual({ handled: true, prevented: true });
    expect(ran).toEqual(['next', 'page']);
  });

  it('leaves Space to a focused button or checkbox, untouched', () => {
    const p = page();
    expect(press(p.toolbarButton, ' ')).toEqual({ handled: false, prevented: false });
    expect(press(p.checkbox, ' ')).toEqual({ handled: false, prevented: false });
    expect(ran).toEqual([]);
    expect(press(p.checkbox, '2').handled).toBe(true);
    expect(ran).toEqual(['bone']);
  });

  it('leaves typing to the number box but Escape to the viewer', () => {
    const p = page();
    expect(press(p.fps, '2').handled).toBe(false);
    expect(press(p.fps, 'ArrowDown').handled).toBe(false);
    expect(press(p.fps, 'Escape').handled).toBe(true);
    expect(ran).toEqual(['close']);
  });
});

describe('keyboardList', () => {
  it('moves focus with arrows and Home/End, no wrap, one Tab stop', () => {
    const buttons = ['a', 'b', 'c', 'd'].map((t) => h('button', { type: 'button', text: t }));
    const list = h('ul', {}, ...buttons.map((b) => h('li', {}, b)));
    document.body.replaceChildren(list);
    keyboardList(list, () => buttons);
    expect(buttons.map((b) => b.tabIndex)).toEqual([0, -1, -1, -1]);
    const press = (key: string) => {
      const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      (document.activeElement ?? document.body).dispatchEvent(event);
      return event.defaultPrevented;
    };
    buttons[1]?.focus();
    expect(press('ArrowDown')).toBe(true);
    expect(document.activeElement).toBe(buttons[2]);
    press('ArrowRight');
    press('ArrowRight');
    expect(document.activeElement).toBe(buttons[3]);
    press('Home');
    expect(document.activeElement).toBe(buttons[0]);
    press('ArrowUp');
    expect(document.activeElement).toBe(buttons[0]);
    press('End');
    expect(document.activeElement).toBe(buttons[3]);
    expect(buttons.map((b) => b.tabIndex)).toEqual([-1, -1, -1, 0]);
    const onPage = vi.fn();
    list.addEventListener('keydown', (e) => onPage(e.defaultPrevented));
    expect(press('PageDown')).toBe(false);
  });
});
