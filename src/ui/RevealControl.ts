/**
 * Unknown-case mode's controls: an "Unknown case" toggle (the teacher turns a known case into an unknown
 * one and back) and a button naming the next stage ("Reveal findings", "Reveal diagnosis", "Reveal
 * discussion"; key U). The stage lives in the view (ViewState.reveal), so a link carries it; this control
 * also keeps the case's names (top bar, tab title, image corners) at the stage. Plain DOM; reads and writes
 * the store only.
 */
import type { Store } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import { knownCase, nextRevealStage, type RevealStage, unknownCaseStart } from '../model/RevealStage.ts';
import type { ViewState } from '../model/ViewState.ts';
import { viewStateFromLink } from '../model/viewLink.ts';
import { caseNamesOnPage, showCaseNamesAt, watchCaseNames } from './caseNamesOnPage.ts';
import { h, setAttr, setText } from './h.ts';
import type { ShortcutRegistry } from './ShortcutRegistry.ts';
import './reveal.css';

/** The key that reveals the next stage. */
export const revealKey = 'U';

/** What the reveal button says at a stage, or null when everything is shown. */
export function revealButtonText(stage: RevealStage): string | null {
  const next = nextRevealStage(stage);
  if (next === null) return null;
  return next === 'all' ? 'Reveal discussion' : `Reveal ${next}`;
}

/** What the status says once a stage is on screen. */
function revealedText(stage: RevealStage): string {
  switch (stage) {
    case 'history':
      return 'Unknown case: the history only; findings, diagnosis and discussion are hidden.';
    case 'findings':
      return 'Findings revealed: the findings list, overlays and imaging sections are shown.';
    case 'diagnosis':
      return 'Diagnosis revealed.';
    case 'all':
      return 'Everything revealed: the case is shown as known.';
  }
}

/** What the control needs. */
export interface RevealControlOptions {
  /** Where the controls go (the toolbar). */
  readonly container: HTMLElement;
  readonly store: Store<ViewState>;
  readonly manifest: CaseManifest;
  /** The top bar's title element. */
  readonly title: HTMLElement;
  /** The reveal key goes here. */
  readonly shortcuts: ShortcutRegistry;
  /** Where the short link (`#view=2&reveal=history`) is read when pasted into the open case. */
  readonly target?: Pick<Window, 'addEventListener' | 'location'>;
  /** The tab title is set here; the page's document by default. */
  readonly document?: Pick<Document, 'title' | 'documentElement'>;
}

/** The unknown-case toggle and the reveal button. */
export class RevealControl {
  readonly toggle: HTMLButtonElement;
  readonly revealButton: HTMLButtonElement;
  /** Says what was just revealed, for a screen reader (the panels change out of its sight). */
  readonly status: HTMLElement;
  private readonly store: Store<ViewState>;
  private readonly doc: Pick<Document, 'title' | 'documentElement'>;

  constructor(options: RevealControlOptions) {
    const { store, manifest, title } = options;
    const doc = options.document ?? document;
    this.store = store;
    this.doc = doc;
    this.toggle = h('button', {
      type: 'button',
      class: 'tool-button unknown-toggle',
      title: 'Unknown case: hide the findings, overlays, diagnosis and discussion until revealed',
      dataset: { testid: 'unknown-toggle' },
      text: 'Unknown case',
      onclick: () => this.setUnknown(store.get().reveal === knownCase),
    });
    this.revealButton = h('button', {
      type: 'button',
      class: 'tool-button reveal-next',
      'aria-keyshortcuts': revealKey,
      dataset: { testid: 'reveal-next' },
      onclick: () => this.revealNext(),
    });
    this.status = h('span', {
      class: 'visually-hidden',
      role: 'status',
      dataset: { testid: 'reveal-status' },
    });
    options.container.append(
      h(
        'div',
        { class: 'tool-group reveal-group', role: 'group', 'aria-label': 'Unknown case' },
        this.toggle,
        this.revealButton,
        this.status,
      ),
    );
    options.shortcuts.register({
      keys: [revealKey],
      description: 'Unknown case: reveal the next stage (findings, diagnosis, discussion)',
      group: 'Teaching',
      match: [revealKey.toLowerCase(), revealKey],
      run: () => this.revealNext(),
    });
    const showNames = () => {
      const names = caseNamesOnPage(manifest);
      setText(title, names.title);
      if (doc.title !== names.documentTitle) doc.title = names.documentTitle;
    };
    watchCaseNames(manifest, showNames);
    // Decided when the stage changes, never per slice.
    store.subscribe((next, previous) => {
      if (next.reveal === previous.reveal) return;
      this.render(next.reveal, manifest);
      setText(this.status, revealedText(next.reveal));
    });
    this.render(store.get().reveal, manifest);
    showNames();
    // The short link pasted into the open case: the deep link leaves the view as it is; the stage is ours.
    const target = options.target ?? window;
    target.addEventListener('hashchange', () => {
      const link = viewStateFromLink(target.location.hash, manifest);
      if (link.kind === 'opening') this.setStage(link.reveal, 'app');
      // A broken link to an unknown case (reported by the deep link) still hides what it would have.
      else if (link.kind === 'broken' && link.reveal) this.setStage(link.reveal, 'app');
    });
  }

  /** Moves one stage on (history -> findings -> diagnosis -> all); nothing when everything is shown. */
  revealNext(): void {
    const next = nextRevealStage(this.store.get().reveal);
    if (next !== null) this.setStage(next, 'learner');
  }

  /**
   * Makes the case unknown (from its history) or known (everything shown).
   * @param unknown - true: unknown
   */
  setUnknown(unknown: boolean): void {
    this.setStage(unknown ? unknownCaseStart : knownCase, 'learner');
  }

  private setStage(stage: RevealStage, source: 'learner' | 'app'): void {
    this.store.update((s) => (s.reveal === stage ? s : { ...s, reveal: stage }), source);
  }

  private render(stage: RevealStage, manifest: CaseManifest): void {
    showCaseNamesAt(manifest, stage);
    const unknown = stage !== knownCase;
    setAttr(this.toggle, 'aria-pressed', String(unknown));
    const text = revealButtonText(stage);
    this.revealButton.hidden = text === null;
    setText(this.revealButton, text ?? '');
    setAttr(this.revealButton, 'title', text ? `${text} (${revealKey})` : '');
    // A hook for styles and tests: the stage on screen.
    this.doc.documentElement.dataset.reveal = stage;
  }
}
