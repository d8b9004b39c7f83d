/**
 * Lecture mode: the viewer laid out for a projector. Full screen where the browser allows it (the Fullscreen
 * API; refused in an iframe or without a user's key press, the same layout fills the window), the series
 * list and side panels folded into an overlay the teacher calls up with O and dismisses with O or Esc, the
 * viewport grid filling the screen, text and overlay labels scaled (the `lecture-mode` class and the
 * `--lecture-font-px` property on `<html>`, lecture.css), a large pointer over the images. Keys only (M, O,
 * Esc): a clicker and a keyboard suffice. A UI setting, remembered for the tab in sessionStorage, not part
 * of the view. Plain DOM; depends on nothing of the viewer.
 */
import { h, setAttr } from './h.ts';
import type { ShortcutRegistry } from './ShortcutRegistry.ts';
import './lecture.css';

/** The key that enters and leaves lecture mode. */
export const lectureKey = 'M';

/** The key that calls up (and dismisses) the panels overlay in lecture mode. */
export const lecturePanelsKey = 'O';

/** Where lecture mode is remembered for the tab. */
export const lectureStorageKey = 'casebook:lecture-mode';

/** What lecture mode needs. */
export interface LectureModeOptions {
  /** Where its buttons go (the toolbar). */
  readonly container: HTMLElement;
  readonly shortcuts: ShortcutRegistry;
  /** The element that goes full screen and carries the classes; `<html>` by default. */
  readonly root?: HTMLElement;
  /** Where the setting is remembered; sessionStorage by default (absent or refused: not remembered). */
  readonly storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /**
   * Closes another overlay that Esc should close first (e.g. the keyboard help); true when it closed one.
   * Esc in lecture mode then closes that, else the panels, else lecture mode.
   */
  readonly closeOtherOverlay?: () => boolean;
}

let lectureActive = false;
const watchers = new Set<(active: boolean) => void>();

/**
 * Calls `listener` now and whenever lecture mode is entered or left (e.g. to scale the overlay labels);
 * returns the function that stops it.
 */
export function watchLectureMode(listener: (active: boolean) => void): () => void {
  watchers.add(listener);
  listener(lectureActive);
  return () => watchers.delete(listener);
}

function announce(active: boolean): void {
  if (active === lectureActive) return;
  lectureActive = active;
  for (const watcher of [...watchers]) watcher(active);
}

function defaultStorage(): LectureModeOptions['storage'] {
  try {
    return window.sessionStorage;
  } catch {
    // Storage refused (privacy settings, sandboxed frame): the mode is simply not remembered.
    return null;
  }
}

/** The lecture-mode button, its keys and its layout. */
export class LectureMode {
  readonly button: HTMLButtonElement;
  readonly panelsButton: HTMLButtonElement;
  private readonly root: HTMLElement;
  private readonly shortcuts: ShortcutRegistry;
  private readonly storage: LectureModeOptions['storage'];
  private readonly closeOtherOverlay: () => boolean;
  private active = false;
  private panelsOpen = false;
  /** The full screen this mode asked for (leaving it with the browser's own Esc leaves the mode too). */
  private ownFullscreen = false;
  private offLectureKeys: Array<() => void> = [];
  private focusBeforePanels: HTMLElement | null = null;

  constructor(options: LectureModeOptions) {
    this.root = options.root ?? document.documentElement;
    this.shortcuts = options.shortcuts;
    this.storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.closeOtherOverlay = options.closeOtherOverlay ?? (() => false);
    this.button = h('button', {
      type: 'button',
      class: 'tool-button lecture-toggle',
      title: `Lecture mode: full screen, large text, panels folded away (${lectureKey})`,
      'aria-keyshortcuts': lectureKey,
      'aria-pressed': 'false',
      dataset: { testid: 'lecture-toggle' },
      text: 'Lecture',
      onclick: () => this.toggle(),
    });
    this.panelsButton = h('button', {
      type: 'button',
      class: 'tool-button lecture-panels-toggle',
      title: `Show or hide the series and panels (${lecturePanelsKey})`,
      'aria-keyshortcuts': lecturePanelsKey,
      'aria-pressed': 'false',
      dataset: { testid: 'lecture-panels-toggle' },
      text: 'Panels',
      onclick: () => this.togglePanels(),
    });
    options.container.append(
      h(
        'div',
        { class: 'tool-group lecture-group', role: 'group', 'aria-label': 'Lecture' },
        this.button,
        this.panelsButton,
      ),
    );
    this.shortcuts.register({
      keys: [lectureKey],
      description: 'Lecture mode on / off (full screen, large text)',
      group: 'View',
      match: [lectureKey.toLowerCase(), lectureKey],
      run: () => this.toggle(),
    });
    document.addEventListener('fullscreenchange', () => {
      if (document.fullscreenElement || !this.ownFullscreen) return;
      // The browser left full screen (its own Esc, or F11): lecture mode ends with it.
      this.ownFullscreen = false;
      if (this.active) this.leave();
    });
    if (this.readStored()) this.enter({ fullscreen: false });
  }

  /** Whether lecture mode is on. */
  get isActive(): boolean {
    return this.active;
  }

  /** Whether the panels overlay is shown. */
  get arePanelsOpen(): boolean {
    return this.panelsOpen;
  }

  /** Enters lecture mode, or leaves it. */
  toggle(): void {
    if (this.active) this.leave();
    else this.enter();
  }

  /**
   * Enters lecture mode.
   * @param options - `fullscreen: false` keeps the window (a reload cannot ask for full screen: the
   *   browser wants a key press or click for that)
   */
  enter(options: { readonly fullscreen?: boolean } = {}): void {
    if (this.active) return;
    this.active = true;
    this.root.classList.add('lecture-mode');
    setAttr(this.button, 'aria-pressed', 'true');
    this.offLectureKeys = [
      this.shortcuts.register({
        keys: [lecturePanelsKey],
        description: 'Lecture mode: show or hide the series and panels',
        group: 'View',
        match: [lecturePanelsKey.toLowerCase(), lecturePanelsKey],
        run: () => this.togglePanels(),
      }),
      this.shortcuts.register({
        keys: ['Esc'],
        description: 'Lecture mode: close the panels, or leave lecture mode',
        group: 'View',
        match: ['Escape'],
        run: () => this.escape(),
      }),
    ];
    this.store(true);
    if (options.fullscreen !== false) this.requestFullscreen();
    else this.root.dataset.lectureFullscreen = 'false';
    announce(true);
  }

  /** Leaves lecture mode: the usual layout comes back, full screen ends. */
  leave(): void {
    if (!this.active) return;
    this.closePanels();
    this.active = false;
    this.root.classList.remove('lecture-mode');
    delete this.root.dataset.lectureFullscreen;
    setAttr(this.button, 'aria-pressed', 'false');
    for (const off of this.offLectureKeys) off();
    this.offLectureKeys = [];
    this.store(false);
    if (this.ownFullscreen && document.fullscreenElement) {
      this.ownFullscreen = false;
      document.exitFullscreen?.().catch(() => undefined);
    }
    announce(false);
  }

  /** Shows the panels overlay, or hides it. */
  togglePanels(): void {
    if (this.panelsOpen) this.closePanels();
    else this.openPanels();
  }

  /** Shows the series list and side panels over the images (lecture mode only). */
  openPanels(): void {
    if (!this.active || this.panelsOpen) return;
    this.panelsOpen = true;
    this.root.classList.add('lecture-panels-open');
    setAttr(this.panelsButton, 'aria-pressed', 'true');
    this.focusBeforePanels = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // Into the panels, so Tab and the arrows work there at once (a keyboard, no mouse).
    document.querySelector<HTMLElement>('.side-panels')?.focus({ preventScroll: true });
  }

  /** Folds the panels away again. */
  closePanels(): void {
    if (!this.panelsOpen) return;
    this.panelsOpen = false;
    this.root.classList.remove('lecture-panels-open');
    setAttr(this.panelsButton, 'aria-pressed', 'false');
    this.focusBeforePanels?.focus({ preventScroll: true });
    this.focusBeforePanels = null;
  }

  private escape(): void {
    if (this.closeOtherOverlay()) return;
    if (this.panelsOpen) this.closePanels();
    else this.leave();
  }

  private requestFullscreen(): void {
    const root = this.root;
    this.root.dataset.lectureFullscreen = 'pending';
    const refused = () => {
      // Refused (an iframe without allowfullscreen, no user gesture, a headless browser): the same layout in
      // the window.
      if (this.active) root.dataset.lectureFullscreen = 'false';
    };
    if (!root.requestFullscreen || document.fullscreenEnabled === false) {
      refused();
      return;
    }
    root.requestFullscreen({ navigationUI: 'hide' }).then(() => {
      if (!this.active) {
        document.exitFullscreen?.().catch(() => undefined);
        return;
      }
      this.ownFullscreen = true;
      root.dataset.lectureFullscreen = 'true';
    }, refused);
  }

  private readStored(): boolean {
    try {
      return this.storage?.getItem(lectureStorageKey) === 'on';
    } catch {
      return false;
    }
  }

  private store(active: boolean): void {
    try {
      if (active) this.storage?.setItem(lectureStorageKey, 'on');
      else this.storage?.removeItem(lectureStorageKey);
    } catch {
      // Not remembered; the mode itself works.
    }
  }
}
