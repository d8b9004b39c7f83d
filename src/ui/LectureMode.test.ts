// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { LectureMode, lectureStorageKey, watchLectureMode } from './LectureMode.ts';
import { ShortcutRegistry } from './ShortcutRegistry.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    items,
  };
}

function setUp(
  options: { storage?: ReturnType<typeof memoryStorage>; otherOverlay?: { open: boolean } } = {},
) {
  const root = document.createElement('div');
  const container = document.createElement('div');
  const shortcuts = new ShortcutRegistry();
  const storage = options.storage ?? memoryStorage();
  const other = options.otherOverlay;
  const lecture = new LectureMode({
    container,
    shortcuts,
    root,
    storage,
    closeOtherOverlay: () => {
      if (!other?.open) return false;
      other.open = false;
      return true;
    },
  });
  const press = (key: string) => shortcuts.handle(new KeyboardEvent('keydown', { key, cancelable: true }));
  return { root, container, shortcuts, storage, lecture, press };
}

let current: LectureMode | null = null;
afterEach(() => {
  current?.leave();
  current = null;
});

describe('LectureMode', () => {
  it('M enters and leaves: the class on the root, the button pressed, remembered for the tab', () => {
    const { root, lecture, press, storage } = setUp();
    current = lecture;
    expect(press('m')).toBe(true);
    expect(root.classList.contains('lecture-mode')).toBe(true);
    expect(lecture.button.getAttribute('aria-pressed')).toBe('true');
    expect(storage.items.get(lectureStorageKey)).toBe('on');
    // jsdom has no Fullscreen API: the layout in the window.
    expect(root.dataset.lectureFullscreen).toBe('false');
    press('M');
    expect(root.classList.contains('lecture-mode')).toBe(false);
    expect(storage.items.has(lectureStorageKey)).toBe(false);
  });

  it('O calls the panels up only in lecture mode; Esc closes another overlay, then the panels, then the mode', () => {
    const other = { open: false };
    const { root, lecture, press } = setUp({ otherOverlay: other });
    current = lecture;
    expect(press('o')).toBe(false);
    press('m');
    press('o');
    expect(root.classList.contains('lecture-panels-open')).toBe(true);
    other.open = true;
    press('Escape');
    expect(other.open).toBe(false);
    expect(lecture.arePanelsOpen).toBe(true);
    press('Escape');
    expect(lecture.arePanelsOpen).toBe(false);
    expect(lecture.isActive).toBe(true);
    press('Escape');
    expect(lecture.isActive).toBe(false);
    expect(press('Escape')).toBe(false);
    expect(press('o')).toBe(false);
  });

  it('tells its watchers (the overlay labels), now and on every change', () => {
    const { lecture } = setUp();
    current = lecture;
    const seen: boolean[] = [];
    const stop = watchLectureMode((on) => seen.push(on));
    lecture.enter();
    lecture.leave();
    stop();
    lecture.enter();
    expect(seen).toEqual([false, true, false]);
  });

  it('comes back after a reload in the same tab, without asking for full screen', () => {
    const storage = memoryStorage();
    storage.setItem(lectureStorageKey, 'on');
    const { root, lecture } = setUp({ storage });
    current = lecture;
    expect(lecture.isActive).toBe(true);
    expect(root.dataset.lectureFullscreen).toBe('false');
  });
});
