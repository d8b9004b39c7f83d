/**
 * The tour bar: plays a guided tour under the images. Title, caption (sanitised Markdown), a link to the
 * step's text section, "3 / 9", Back / Next, a step list; while a tour plays, the keys a presentation
 * clicker sends (Page Down / Page Up, the arrows, Space) move through its steps. Moving to a step writes
 * the step's view to the store (source `tour`), through the slices between unless the step jumps.
 * Plain DOM; talks to the viewer only through the store.
 */
import type { Store } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import { knownCase } from '../model/RevealStage.ts';
import type { TourFile } from '../model/TourFile.ts';
import type { ViewState } from '../model/ViewState.ts';
import { clampStep, planStep, stepPositionText, transitionFrameMs } from '../teaching/TourPlayer.ts';
import { h, setText } from './h.ts';
import { renderMarkdown } from './renderCaseText.ts';
import type { ShortcutRegistry } from './ShortcutRegistry.ts';
import './tour.css';

/** Key that starts and leaves the tour. */
export const tourKey = 'T';

/** What the bar asks of its owner. */
export interface TourBarOptions {
  readonly store: Store<ViewState>;
  readonly manifest: CaseManifest;
  readonly shortcuts: ShortcutRegistry;
  /** Finding ids of the case (links to others are marked broken). */
  readonly knownFindings: ReadonlySet<string>;
  /** Title of a case-text section, or undefined when the text has none with that id. */
  sectionTitle(sectionId: string): string | undefined;
  /** Shows a section of the case text. */
  showSection(sectionId: string): void;
  /** Resolves when the viewer has drawn the view just written (a transition waits for each slice). */
  frameShown(): Promise<void>;
}

/** Longest wait for a slice of a transition to be drawn before going on, ms. */
const maxFrameWaitMs = 250;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Where the bar is: no tour, moving to a step, showing it, or a step that could not be shown. */
export type TourBarState = 'idle' | 'moving' | 'shown' | 'problem';

const reducedMotion = (): boolean => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/** The tour bar. */
export class TourBar {
  readonly element: HTMLElement;
  private tour: TourFile | null = null;
  private index = 0;
  /** Furthest step shown since the tour started: an unknown case lists only those steps by title. */
  private furthest = -1;
  private offReveal: (() => void) | undefined;
  /** Counts transitions: one that sees a newer count stops. */
  private run = 0;
  private offKeys: Array<() => void> = [];
  private readonly listeners = new Set<() => void>();
  private readonly tourTitle = h('span', { class: 'tour-name' });
  private readonly position = h('span', { class: 'tour-position', dataset: { testid: 'tour-position' } });
  private readonly stepTitle = h('h2', { class: 'tour-step-title', dataset: { testid: 'tour-step-title' } });
  private readonly caption = h('div', { class: 'tour-caption', dataset: { testid: 'tour-caption' } });
  private readonly sectionLink = h('button', { type: 'button', class: 'tour-section-link link-button' });
  private readonly problem = h('p', { class: 'tour-problem', role: 'alert', hidden: true });
  private readonly backButton: HTMLButtonElement;
  private readonly nextButton: HTMLButtonElement;
  private readonly listButton: HTMLButtonElement;
  private readonly stepList = h('ol', {
    class: 'tour-steps',
    hidden: true,
    dataset: { testid: 'tour-steps' },
  });

  /**
   * @param container - where the bar goes (under the images)
   * @param options - store, case and what the bar needs of the text panel
   */
  constructor(
    container: HTMLElement,
    private readonly options: TourBarOptions,
  ) {
    const button = (text: string, title: string, onclick: () => void, testid: string) =>
      h('button', { type: 'button', class: 'tool-button', text, title, onclick, dataset: { testid } });
    this.backButton = button('◀ Back', 'Previous step (Page Up, ←)', () => this.back(), 'tour-back');
    this.nextButton = button('Next ▶', 'Next step (Page Down, →, Space)', () => this.next(), 'tour-next');
    this.listButton = button('Steps', 'All steps of the tour', () => this.toggleList(), 'tour-list');
    this.listButton.setAttribute('aria-expanded', 'false');
    const exit = button('Exit tour', `Leave the tour (${tourKey})`, () => this.stop(), 'tour-exit');
    this.sectionLink.addEventListener('click', () => {
      const section = this.currentStep()?.section;
      if (section) options.showSection(section);
    });
    this.element = h(
      'section',
      {
        class: 'tour-bar',
        'aria-label': 'Guided tour',
        hidden: true,
        dataset: { testid: 'tour-bar', state: 'idle' },
      },
      h(
        'div',
        { class: 'tour-head' },
        this.tourTitle,
        h('span', { class: 'tour-position-wrap', 'aria-live': 'polite' }, 'Step ', this.position),
        h('span', { class: 'tour-buttons' }, this.backButton, this.nextButton, this.listButton, exit),
      ),
      this.stepTitle,
      this.caption,
      this.sectionLink,
      this.problem,
      this.stepList,
    );
    // A mouse click on a button does not take focus: the clicker's keys keep driving the tour.
    this.element.addEventListener('mousedown', (event) => {
      if (event.target instanceof Element && event.target.closest('button')) event.preventDefault();
    });
    this.caption.addEventListener('click', (event) => {
      const link =
        event.target instanceof Element ? event.target.closest<HTMLElement>('a[data-section-link]') : null;
      if (!link) return;
      event.preventDefault();
      options.showSection(link.dataset.sectionLink ?? '');
    });
    container.append(this.element);
  }

  /** Whether a tour is playing. */
  get playing(): boolean {
    return this.tour !== null;
  }

  /** The tour playing, if any. */
  get current(): { readonly tour: TourFile; readonly index: number } | null {
    return this.tour ? { tour: this.tour, index: this.index } : null;
  }

  /**
   * The step on screen as a live class shows it: its position, the tour's name as the bar shows it (an
   * unknown case's display name until it is revealed) and the step's caption (Markdown source), or null.
   */
  shownStep(): { index: number; count: number; title: string; caption: string } | null {
    const tour = this.tour;
    const step = this.currentStep();
    if (!tour || !step) return null;
    return {
      index: this.index,
      count: tour.steps.length,
      title: this.shownTitle(tour),
      caption: step.caption ?? '',
    };
  }

  /** Called when a tour starts or stops, or the step changes. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts `tour` at step `startIndex` (the keys move through it from now on).
   * @param tour - a validated tour file
   * @param startIndex - first step shown
   */
  play(tour: TourFile, startIndex = 0): void {
    const wasPlaying = this.playing;
    this.tour = tour;
    this.furthest = -1;
    if (!wasPlaying) {
      // An unknown case's stage changes what the bar may name (titles can give the diagnosis away).
      this.offReveal = this.options.store.subscribe((next, previous) => {
        if (next.reveal !== previous.reveal) this.renderNames();
      });
    }
    this.element.hidden = false;
    if (!wasPlaying) this.bindKeys();
    this.goTo(startIndex);
  }

  /** Leaves the tour; the view stays as it is. */
  stop(): void {
    if (!this.tour) return;
    this.cancelTransition();
    this.tour = null;
    for (const off of this.offKeys) off();
    this.offKeys = [];
    this.offReveal?.();
    this.offReveal = undefined;
    this.element.hidden = true;
    this.element.dataset.state = 'idle';
    this.toggleList(false);
    this.changed();
  }

  next(): void {
    if (this.tour && this.index < this.tour.steps.length - 1) this.goTo(this.index + 1);
  }

  back(): void {
    if (this.tour && this.index > 0) this.goTo(this.index - 1);
  }

  /**
   * Shows step `index`: the text at once, then the view (through the slices between, each drawn before the
   * next, at most one every transitionFrameMs). A step pressed during a transition starts from where the
   * images are.
   * @param index - the step (clamped into the tour)
   */
  goTo(index: number): void {
    const tour = this.tour;
    if (!tour) return;
    this.cancelTransition();
    const { store, manifest } = this.options;
    this.index = clampStep(index, tour.steps.length);
    this.renderStep();
    this.changed();
    const planned = planStep(tour, this.index, store.get(), manifest);
    if (!planned.ok) {
      this.element.dataset.state = 'problem';
      this.problem.hidden = false;
      const why = planned.problems.map((p) => p.message).join('; ') || 'the tour has no steps';
      setText(this.problem, `This step's view could not be shown: ${why}.`);
      return;
    }
    this.problem.hidden = true;
    const frames = reducedMotion() ? [] : planned.plan.frames;
    const target = planned.plan.target;
    this.element.dataset.state = 'moving';
    const run = ++this.run;
    void (async () => {
      for (const frame of frames) {
        store.set(frame, 'tour');
        // Every slice on the way is seen, also on a slow machine: wait for it to be drawn (at most
        // maxFrameWaitMs), and at least transitionFrameMs.
        await Promise.all([
          delay(transitionFrameMs),
          Promise.race([this.options.frameShown(), delay(maxFrameWaitMs)]),
        ]);
        if (run !== this.run) return;
      }
      store.set(target, 'tour');
      this.element.dataset.state = 'shown';
    })();
  }

  private currentStep() {
    return this.tour?.steps[this.index];
  }

  /** Stops a transition under way (its next frame sees a newer run and stops). */
  private cancelTransition(): void {
    this.run++;
  }

  private renderStep(): void {
    const tour = this.tour;
    const step = this.currentStep();
    if (!tour || !step) return;
    this.element.dataset.step = String(this.index);
    this.furthest = Math.max(this.furthest, this.index);
    this.renderNames();
    setText(this.position, stepPositionText(this.index, tour.steps.length));
    setText(this.stepTitle, step.title);
    // renderMarkdown sanitises: no script, handler, frame, form or style from the file survives.
    this.caption.innerHTML = step.caption
      ? renderMarkdown(step.caption, { knownFindings: this.options.knownFindings })
      : '';
    const sectionTitle = step.section ? this.options.sectionTitle(step.section) : undefined;
    this.sectionLink.hidden = sectionTitle === undefined;
    setText(this.sectionLink, sectionTitle ? `Read in the case text: ${sectionTitle}` : '');
    this.backButton.disabled = this.index === 0;
    this.nextButton.disabled = this.index >= tour.steps.length - 1;
  }

  /** The tour's name as the bar shows it: an unknown case's display name until it is fully revealed. */
  private shownTitle(tour: TourFile): string {
    const known = this.options.store.get().reveal === knownCase;
    return known ? tour.title : `Guided tour: ${this.options.manifest.displayName ?? 'unknown case'}`;
  }

  /**
   * The tour's title and step list. Before an unknown case is fully revealed, the tour is named by the
   * case's display name and steps not yet reached by number only: their titles may name the diagnosis.
   */
  private renderNames(): void {
    const tour = this.tour;
    if (!tour) return;
    const known = this.options.store.get().reveal === knownCase;
    setText(this.tourTitle, this.shownTitle(tour));
    this.stepList.replaceChildren(
      ...tour.steps.map((step, i) =>
        h(
          'li',
          {},
          h('button', {
            type: 'button',
            class: 'link-button',
            text: known || i <= this.furthest ? step.title : `Step ${i + 1}`,
            'aria-current': i === this.index ? 'step' : 'false',
            onclick: () => {
              this.goTo(i);
              this.toggleList(false);
            },
          }),
        ),
      ),
    );
  }

  private toggleList(open = this.stepList.hidden): void {
    this.stepList.hidden = !open;
    this.listButton.setAttribute('aria-expanded', String(open));
  }

  /** Clicker keys: registered last, so they win over slice scrolling while the tour plays. */
  private bindKeys(): void {
    const { shortcuts } = this.options;
    this.offKeys = [
      shortcuts.register({
        keys: ['Page Down', '→', '↓', 'Space'],
        description: 'Tour: next step',
        group: 'Tour',
        match: ['PageDown', 'ArrowRight', 'ArrowDown', ' '],
        run: () => this.next(),
      }),
      shortcuts.register({
        keys: ['Page Up', '←', '↑'],
        description: 'Tour: previous step',
        group: 'Tour',
        match: ['PageUp', 'ArrowLeft', 'ArrowUp'],
        run: () => this.back(),
      }),
      shortcuts.register({
        keys: ['Home', 'End'],
        description: 'Tour: first / last step',
        group: 'Tour',
        match: ['Home', 'End'],
        run: (event) => this.goTo(event.key === 'Home' ? 0 : (this.tour?.steps.length ?? 1) - 1),
      }),
    ];
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
