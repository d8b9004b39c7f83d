/**
 * The tours panel: the case's tour and the teacher's own, to play; and the editor of the teacher's tour
 * (add the view on screen as a step, retitle, caption, reorder, delete, show a step), kept in the browser at
 * every edit, exported and imported as a tour file. Plain DOM; plays tours through the TourBar.
 */

import { readSavedTour, type TourStorage, writeSavedTour } from '../data/savedTour.ts';
import type { Store } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import { knownCase, revealStages } from '../model/RevealStage.ts';
import { stepViewOf } from '../model/StepView.ts';
import { type TourFile, validateTourFile } from '../model/TourFile.ts';
import type { ViewState } from '../model/ViewState.ts';
import {
  addStep,
  deleteStep,
  editStep,
  emptyTour,
  moveStep,
  type StepEdit,
  tourForExport,
} from '../teaching/tourDraft.ts';
import { h, setText } from './h.ts';
import type { TourBar } from './TourBar.ts';

/** What the panel is built from. */
export interface TourPanelOptions {
  readonly store: Store<ViewState>;
  readonly manifest: CaseManifest;
  readonly bar: TourBar;
  /** The case's own tour, when it has one. */
  readonly caseTour: TourFile | null;
  /** Where the teacher's tour is kept (localStorage). */
  readonly storage: TourStorage;
  /** The case text's sections a step can link to, in text order. */
  readonly sections: ReadonlyArray<{ readonly id: string; readonly title: string }>;
}

/** The tours panel. */
export class TourPanel {
  private mine: TourFile | null = null;
  private editing = false;
  private readonly rows = h('div', { class: 'tour-rows' });
  private readonly editor = h('div', {
    class: 'tour-editor',
    hidden: true,
    dataset: { testid: 'tour-editor' },
  });
  private readonly problems = h('p', { class: 'tour-panel-problems', role: 'alert', hidden: true });
  private readonly importInput = h('input', {
    type: 'file',
    accept: '.json,application/json',
    hidden: true,
    dataset: { testid: 'tour-import-input' },
  });

  /**
   * @param container - the panel's slot in the side panels
   * @param options - store, case, the bar that plays, the case tour and the storage
   */
  constructor(
    container: HTMLElement,
    private readonly options: TourPanelOptions,
  ) {
    const saved = readSavedTour(options.storage, options.manifest.caseId);
    if (saved.kind === 'saved') this.mine = saved.tour;
    if (saved.kind === 'unreadable') {
      this.say(
        `Your saved tour could not be read (${saved.problems.map((p) => p.detail).join('; ')}); ` +
          `it is kept in this browser under '${saved.keptUnder}'.`,
      );
    }
    this.importInput.addEventListener('change', () => void this.importFile());
    container.replaceChildren(
      h(
        'section',
        { class: 'panel tour-panel', 'aria-label': 'Tours', dataset: { testid: 'tour-panel' } },
        h('div', { class: 'panel-header' }, h('h2', { class: 'panel-title', text: 'Tours' })),
        this.rows,
        this.editor,
        this.problems,
        this.importInput,
      ),
    );
    options.bar.onChange(() => this.renderRows());
    options.store.subscribe((next, previous) => {
      if (next.reveal !== previous.reveal) this.renderRows();
    });
    this.render();
  }

  /** The teacher's tour as it is now (null: none yet). */
  get ownTour(): TourFile | null {
    return this.mine;
  }

  /** Plays the case's tour, else the teacher's; a tour playing stops. */
  toggleTour(): void {
    const { bar, caseTour } = this.options;
    if (bar.playing) {
      bar.stop();
      return;
    }
    const tour = caseTour ?? this.mine;
    if (tour && tour.steps.length > 0) bar.play(tour);
  }

  private render(): void {
    this.renderRows();
    this.renderEditor();
  }

  private renderRows(): void {
    const { bar, caseTour } = this.options;
    const playingTour = bar.current?.tour;
    const known = this.options.store.get().reveal === knownCase;
    const button = (text: string, testid: string, onclick: () => void, disabled = false) =>
      h('button', { type: 'button', class: 'tool-button', text, onclick, disabled, dataset: { testid } });
    const row = (label: string, tour: TourFile, who: 'case' | 'mine', ...extra: HTMLElement[]) => {
      const isPlaying = playingTour === tour;
      return h(
        'div',
        { class: 'tour-row', dataset: { testid: `tour-row-${who}` } },
        // An unknown case's tour title may name the diagnosis: shown once everything is revealed.
        h('span', { class: 'tour-row-title', text: known ? `${label}: ${tour.title}` : label }),
        h('span', { class: 'tour-row-count', text: stepsText(tour.steps.length) }),
        button(
          isPlaying ? 'Stop' : 'Play',
          `tour-play-${who}`,
          () => (isPlaying ? bar.stop() : bar.play(tour)),
          tour.steps.length === 0,
        ),
        ...extra,
      );
    };
    const rows: HTMLElement[] = [];
    if (caseTour) {
      rows.push(
        row(
          'Case tour',
          caseTour,
          'case',
          button('Edit a copy', 'tour-copy', () => this.copyCaseTour()),
        ),
      );
    } else {
      rows.push(h('p', { class: 'panel-hint', text: 'This case has no guided tour of its own.' }));
    }
    if (this.mine) {
      rows.push(
        row(
          'My tour',
          this.mine,
          'mine',
          button(this.editing ? 'Close editor' : 'Edit', 'tour-edit', () => this.setEditing(!this.editing)),
        ),
      );
    }
    rows.push(
      h(
        'div',
        { class: 'tour-row' },
        this.mine ? null : button('New tour', 'tour-new', () => this.startNew()),
        button('Import…', 'tour-import', () => this.importInput.click()),
        this.mine ? button('Export', 'tour-export', () => this.exportTour()) : null,
      ),
    );
    this.rows.replaceChildren(...rows);
  }

  private renderEditor(): void {
    const tour = this.mine;
    this.editor.hidden = !this.editing || !tour;
    if (!tour || !this.editing) {
      this.editor.replaceChildren();
      return;
    }
    const titleInput = h('input', {
      type: 'text',
      value: tour.title,
      'aria-label': 'Tour title',
      dataset: { testid: 'tour-title-input' },
    });
    titleInput.addEventListener('input', () =>
      this.change({ ...this.current(), title: titleInput.value }, false),
    );
    const steps = tour.steps.map((step, index) => {
      const title = h('input', {
        type: 'text',
        value: step.title,
        'aria-label': `Step ${index + 1} title`,
        dataset: { testid: 'tour-step-title-input' },
      });
      const caption = h('textarea', {
        'aria-label': `Step ${index + 1} caption (Markdown)`,
        placeholder: 'Caption (Markdown)',
        dataset: { testid: 'tour-step-caption-input' },
      });
      caption.value = step.caption ?? '';
      title.addEventListener('input', () => this.edit(index, { title: title.value }));
      caption.addEventListener('input', () => this.edit(index, { caption: caption.value }));
      const n = index + 1;
      const section = this.choice(
        `Step ${n}: section of the case text`,
        'tour-step-section',
        [['', 'No text section'], ...this.options.sections.map((s): [string, string] => [s.id, s.title])],
        step.section ?? '',
        (value) => this.edit(index, { section: value || undefined }),
      );
      const reveal = this.choice(
        `Step ${n}: reveal in an unknown case`,
        'tour-step-reveal',
        [
          ['', 'Reveals nothing'],
          ['findings', 'Reveals the findings'],
          ['diagnosis', 'Reveals the diagnosis'],
          ['all', 'Reveals everything'],
        ],
        step.reveal ?? '',
        (value) => this.edit(index, { reveal: revealStages.find((r) => r === value) }),
      );
      const transition = this.choice(
        `Step ${n}: how the images move to it`,
        'tour-step-transition',
        [
          ['', 'Scrolls through the slices'],
          ['jump', 'Jumps'],
        ],
        step.transition ?? '',
        (value) => this.edit(index, { transition: value === 'jump' ? 'jump' : undefined }),
      );
      const tool = (text: string, label: string, onclick: () => void, disabled = false) =>
        h('button', { type: 'button', class: 'tool-button', text, 'aria-label': label, onclick, disabled });
      return h(
        'li',
        { dataset: { testid: 'tour-editor-step' } },
        title,
        caption,
        h('div', { class: 'tour-step-tools' }, section, reveal, transition),
        h(
          'div',
          { class: 'tour-step-tools' },
          tool('Show', `Show step ${index + 1}`, () => this.options.bar.play(this.current(), index)),
          tool('Use this view', `Replace step ${index + 1}'s view with the view on screen`, () =>
            this.edit(index, { view: this.viewOnScreen() }, true),
          ),
          tool(
            '↑',
            `Move step ${index + 1} up`,
            () => this.change(moveStep(this.current(), index, -1)),
            index === 0,
          ),
          tool(
            '↓',
            `Move step ${index + 1} down`,
            () => this.change(moveStep(this.current(), index, 1)),
            index === tour.steps.length - 1,
          ),
          tool('Delete', `Delete step ${index + 1}`, () => this.change(deleteStep(this.current(), index))),
        ),
      );
    });
    const add = h('button', {
      type: 'button',
      class: 'tool-button',
      text: 'Add this view as a step',
      dataset: { testid: 'tour-add-step' },
      onclick: () => this.addView(),
    });
    this.editor.replaceChildren(
      titleInput,
      steps.length > 0
        ? h('ol', {}, ...steps)
        : h('p', {
            class: 'panel-hint',
            text: 'Set up a view (series, image, window, zoom, overlays), then add it.',
          }),
      add,
    );
  }

  /** A labelled menu of `[value, text]` options that calls `onChange` with the chosen value. */
  private choice(
    label: string,
    testid: string,
    options: ReadonlyArray<readonly [string, string]>,
    value: string,
    onChange: (value: string) => void,
  ): HTMLSelectElement {
    const select = h(
      'select',
      { 'aria-label': label, title: label, class: 'tool-button', dataset: { testid } },
      ...options.map(([v, text]) => h('option', { value: v, text })),
    );
    select.value = value;
    select.addEventListener('change', () => onChange(select.value));
    return select;
  }

  private current(): TourFile {
    return this.mine ?? emptyTour(this.options.manifest.caseId);
  }

  private viewOnScreen() {
    return stepViewOf(this.options.store.get(), this.options.manifest);
  }

  private startNew(): void {
    this.change(emptyTour(this.options.manifest.caseId));
    this.setEditing(true);
  }

  private copyCaseTour(): void {
    const caseTour = this.options.caseTour;
    if (!caseTour) return;
    if (
      this.mine &&
      this.mine.steps.length > 0 &&
      !window.confirm('Replace your tour with a copy of the case tour?')
    )
      return;
    this.change({ ...caseTour, title: `${caseTour.title} (my copy)` });
    this.setEditing(true);
  }

  private addView(): void {
    const tour = this.current();
    const state = this.options.store.get();
    const series = this.options.manifest.series.find(
      (s) => s.key === state.viewports[state.activeViewport]?.seriesKey,
    );
    const image = (state.viewports[state.activeViewport]?.imageIndex ?? 0) + 1;
    const title = `${series?.SeriesDescription ?? 'Image'}, image ${image}`;
    this.change(addStep(tour, this.viewOnScreen(), title));
  }

  private edit(index: number, edit: StepEdit, rerender = false): void {
    this.change(editStep(this.current(), index, edit), rerender);
  }

  /** Keeps the edited tour (in memory and in the browser at once), and redraws unless typing. */
  private change(tour: TourFile, rerender = true): void {
    this.mine = tour;
    const refused = writeSavedTour(this.options.storage, this.options.manifest.caseId, tour);
    if (refused) this.say(refused);
    if (rerender) this.render();
    else this.renderRows();
  }

  private setEditing(editing: boolean): void {
    this.editing = editing;
    this.render();
  }

  private exportTour(): void {
    if (!this.mine) return;
    const text = `${JSON.stringify(tourForExport(this.mine), null, 2)}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = h('a', { href: url, download: `${this.options.manifest.caseId}.tour.json`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private async importFile(): Promise<void> {
    const file = this.importInput.files?.[0];
    this.importInput.value = '';
    if (!file) return;
    let raw: unknown;
    try {
      raw = JSON.parse(await file.text());
    } catch (error) {
      this.say(`${file.name} is not a tour file: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const result = validateTourFile(raw, file.name, this.options.manifest.caseId);
    if (!result.ok) {
      this.say(`${file.name} could not be imported: ${result.problems.map((p) => p.message).join('; ')}`);
      return;
    }
    if (this.mine && this.mine.steps.length > 0 && !window.confirm(`Replace your tour with ${file.name}?`))
      return;
    this.problems.hidden = true;
    this.change(result.file);
    this.setEditing(true);
  }

  private say(message: string): void {
    this.problems.hidden = false;
    setText(this.problems, message);
  }
}

function stepsText(count: number): string {
  return count === 1 ? '1 step' : `${count} steps`;
}
