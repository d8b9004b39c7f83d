/**
 * Keeps the address bar's hash in step with the view, so a reload keeps the view and a teacher can put a
 * link to "Im 155, calcification window, overlays off" on a slide; and copies that link. Off the scroll hot
 * path: a change only notes the time; the URL is rewritten (history.replaceState, never a new history entry)
 * once the view has been still for a moment. DOM (location, history, clipboard); no Cornerstone.
 */
import { type Clock, realClock, type TimerHandle } from '../lib/Clock.ts';
import type { Store } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import { toViewDocument, type ViewStateProblem } from '../model/ViewDocument.ts';
import type { ViewState } from '../model/ViewState.ts';
import { viewLinkHash, viewStateFromLink } from '../model/viewLink.ts';
import { h } from './h.ts';

/** How long the view must be still before the URL follows it (ms): at most a few writes a second. */
export const linkQuietMs = 400;

/** Where the link is written and read; the window's own in the app, fakes in tests. */
export interface LinkLocation {
  readonly location: { readonly hash: string; readonly href: string };
  readonly history: {
    readonly state: unknown;
    replaceState(data: unknown, unused: string, url: string): void;
  };
  addEventListener(type: 'hashchange', listener: () => void): void;
}

/** What the deep link needs. */
export interface DeepLinkOptions {
  readonly store: Store<ViewState>;
  readonly manifest: CaseManifest;
  /** A link pasted into the address bar of the open case could not be shown: say why. */
  readonly onLinkProblems: (problems: readonly ViewStateProblem[]) => void;
  readonly clock?: Clock;
  readonly target?: LinkLocation;
}

/** The URL hash that follows the view. */
export class DeepLink {
  private readonly store: Store<ViewState>;
  private readonly manifest: CaseManifest;
  private readonly clock: Clock;
  private readonly target: LinkLocation;
  private lastChangeMs = Number.NEGATIVE_INFINITY;
  private timer: TimerHandle | null = null;
  /** The hash this class last wrote or read, so its own writes are not read back as a new link. */
  private current: string;

  constructor(options: DeepLinkOptions) {
    this.store = options.store;
    this.manifest = options.manifest;
    this.clock = options.clock ?? realClock;
    this.target = options.target ?? window;
    this.current = this.target.location.hash;
    // Every change, whoever made it: the URL shows the view on screen. Only a timestamp here (hot path).
    this.store.subscribe(() => this.noteChange());
    this.target.addEventListener('hashchange', () => this.onHashChange(options.onLinkProblems));
  }

  /** Writes the view into the URL now (e.g. before copying it) and returns the whole link. */
  linkToThisView(): string {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.write();
    return this.target.location.href;
  }

  private noteChange(): void {
    this.lastChangeMs = this.clock.now();
    this.timer ??= this.clock.setTimeout(() => this.writeWhenStill(), linkQuietMs);
  }

  private writeWhenStill(): void {
    const stillFor = this.clock.now() - this.lastChangeMs;
    if (stillFor < linkQuietMs) {
      this.timer = this.clock.setTimeout(() => this.writeWhenStill(), linkQuietMs - stillFor);
      return;
    }
    this.timer = null;
    this.write();
  }

  private write(): void {
    // The address bar holds a link the learner just typed or pasted, whose hashchange has not run yet:
    // leave it for onHashChange instead of writing the view it is about to replace over it.
    if (this.target.location.hash !== this.current) return;
    const hash = viewLinkHash(toViewDocument(this.store.get(), this.manifest));
    if (hash === this.current) return;
    this.target.history.replaceState(this.target.history.state, '', hash);
    // As the browser keeps it (it may normalise the escaping).
    this.current = this.target.location.hash;
  }

  /** A link typed or pasted into the address bar of the case already open (only the hash changed). */
  private onHashChange(onProblems: DeepLinkOptions['onLinkProblems']): void {
    const hash = this.target.location.hash;
    if (hash === this.current) return;
    this.current = hash;
    const link = viewStateFromLink(hash, this.manifest);
    if (link.kind === 'broken') onProblems(link.problems);
    else if (link.kind === 'view') {
      const shown = this.store.get();
      // A link that says nothing about the overlays keeps the ones on screen.
      this.store.set(
        link.categoriesGiven ? link.view : { ...link.view, visibleCategories: shown.visibleCategories },
        'app',
      );
    }
  }
}

/** The key that copies the link to the view. */
export const copyLinkKey = 'C';

/**
 * The "Copy link" button: copies the link to the view to the clipboard, or, where the browser refuses
 * (no permission, an insecure origin), shows the link selected so Ctrl+C copies it. Says what happened in a
 * polite live region.
 */
export class CopyLinkControl {
  readonly button: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly fallback: HTMLInputElement;
  private statusTimer = 0;

  constructor(
    container: HTMLElement,
    private readonly link: DeepLink,
  ) {
    this.button = h('button', {
      type: 'button',
      class: 'tool-button copy-link',
      title: `Copy link to this view (${copyLinkKey})`,
      'aria-label': 'Copy link to this view',
      'aria-keyshortcuts': copyLinkKey,
      dataset: { testid: 'copy-link' },
      // Short, so the toolbar keeps to one line on a 1366-px projector.
      text: 'Link',
      onclick: () => void this.copy(),
    });
    this.status = h('span', { class: 'copy-link-status', role: 'status', 'aria-live': 'polite' });
    this.fallback = h('input', {
      type: 'text',
      readonly: true,
      class: 'copy-link-fallback',
      'aria-label': 'Link to this view',
      hidden: true,
      onblur: () => {
        this.fallback.hidden = true;
      },
    });
    container.append(
      h('div', { class: 'tool-group', role: 'group', 'aria-label': 'Share' }, this.button, this.fallback),
      this.status,
    );
  }

  /** Copies the link; resolves to what the learner saw happen. */
  async copy(): Promise<'copied' | 'shown'> {
    const url = this.link.linkToThisView();
    try {
      await navigator.clipboard.writeText(url);
      this.say('Link to this view copied');
      return 'copied';
    } catch {
      this.fallback.value = url;
      this.fallback.hidden = false;
      this.fallback.focus();
      this.fallback.select();
      this.say('Press Ctrl+C to copy the selected link');
      return 'shown';
    }
  }

  private say(text: string): void {
    this.status.textContent = text;
    window.clearTimeout(this.statusTimer);
    this.statusTimer = window.setTimeout(() => {
      this.status.textContent = '';
    }, 4000);
  }
}
