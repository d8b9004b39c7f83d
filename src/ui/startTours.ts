/**
 * Builds the guided-tour part of the teaching layer: loads the case's tour (`?tour=<url>` overrides
 * `annotations/<caseId>.tour.json`), the tour bar under the images, the tours panel (the teacher's own tour is
 * edited there), the Tour button and key T. A case without a tour still gets the panel, to author one; a bad
 * tour file is listed in the problem list and everything else keeps working. Called lazily by main.ts.
 */
import { loadTour } from '../data/loadTour.ts';
import type { Store } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import type { CaseText } from '../model/CaseText.ts';
import type { ViewState } from '../model/ViewState.ts';
import { h } from './h.ts';
import { liveTourSlot } from './liveHooks.ts';
import type { ProblemList } from './ProblemList.ts';
import type { ShortcutRegistry } from './ShortcutRegistry.ts';
import { TourBar, tourKey } from './TourBar.ts';
import { TourPanel } from './TourPanel.ts';

/** What the tours are wired to. */
export interface TourWiring {
  readonly params: URLSearchParams;
  readonly manifest: CaseManifest;
  readonly store: Store<ViewState>;
  readonly problems: ProblemList;
  readonly shortcuts: ShortcutRegistry;
  /** The case text (section titles for the tour's links), when it loaded. */
  readonly text: CaseText | undefined;
  readonly knownFindings: ReadonlySet<string>;
  /** The case text panel's slot: the tours panel goes after it; its sections are scrolled to. */
  readonly textSlot: HTMLElement;
  /** The column of the images: the tour bar goes under them. */
  readonly centerColumn: HTMLElement;
  /** Teaching controls beside the title: the Tour button joins them. */
  readonly caseActions: HTMLElement;
  /** Resolves when the viewer has drawn the view just written. */
  frameShown(): Promise<void>;
}

/**
 * Loads the tour and builds its bar, panel, button and key.
 * @param wiring - what the tours are wired to
 */
export async function startTours(wiring: TourWiring): Promise<void> {
  const { params, manifest, store, problems, shortcuts, text, textSlot } = wiring;
  const url = params.get('tour') ?? `annotations/${manifest.caseId}.tour.json`;
  const loaded = await loadTour(url, manifest.caseId);
  if (loaded.kind === 'invalid') {
    for (const problem of loaded.problems)
      problems.addMessage(problem.message, 'The guided tour could not be loaded');
  }
  if (loaded.kind === 'loaded') {
    for (const problem of loaded.warnings)
      problems.addMessage(problem.message, 'The guided tour has problems');
  }
  const sectionIn = (id: string) =>
    [...textSlot.querySelectorAll<HTMLElement>('[data-section-id]')].find((s) => s.dataset.sectionId === id);
  const bar = new TourBar(wiring.centerColumn, {
    store,
    manifest,
    shortcuts,
    knownFindings: wiring.knownFindings,
    sectionTitle: (id) => text?.sections.find((s) => s.id === id)?.title,
    showSection: (id) => sectionIn(id)?.scrollIntoView({ block: 'start' }),
    frameShown: wiring.frameShown,
  });
  // A live class sends the step on screen (with its text) to the students.
  liveTourSlot.set({
    shownStep: () => bar.shownStep(),
    onChange: (listener) => bar.onChange(listener),
    stop: () => bar.stop(),
  });
  const slot = h('div', { class: 'teaching-slot tours-slot' });
  textSlot.after(slot);
  const panel = new TourPanel(slot, {
    store,
    manifest,
    bar,
    caseTour: loaded.kind === 'loaded' ? loaded.file : null,
    storage: localStorage,
    sections: text?.sections.map((s) => ({ id: s.id, title: s.title })) ?? [],
  });
  const button = h('button', {
    type: 'button',
    class: 'tool-button',
    text: 'Tour',
    title: `Play the guided tour (${tourKey})`,
    'aria-keyshortcuts': tourKey,
    dataset: { testid: 'tour-toggle' },
    onclick: () => panel.toggleTour(),
  });
  const sync = () => button.setAttribute('aria-pressed', String(bar.playing));
  bar.onChange(sync);
  sync();
  wiring.caseActions.append(button);
  shortcuts.register({
    keys: [tourKey],
    description: 'Play / leave the guided tour',
    group: 'Teaching',
    match: [tourKey.toLowerCase(), tourKey],
    run: () => panel.toggleTour(),
  });
}
