/**
 * The findings panel: one toggle per category (colour swatch, count, description as tooltip), all on/off,
 * and the list of findings; clicking one (or Enter / Space) goes to it, arrows move through them. Reads and writes the ViewState store only
 * (visibleCategories, highlightedFinding, reveal); never talks to Cornerstone. Plain DOM. In an unknown
 * case the list stays out of the page until the findings are revealed.
 */
import type { Store } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import { isRevealed } from '../model/RevealStage.ts';
import type { ViewState } from '../model/ViewState.ts';
import { type AnnotationIndex, categoryCounts } from '../teaching/AnnotationIndex.ts';
import { h, setAttr, setText } from './h.ts';
import { keyboardList } from './keyboardList.ts';

/** What the panel asks of its owner. */
export interface FindingsPanelHandlers {
  /** Shows a finding: its series and image, centred, highlighted (see focusFinding). */
  goToFinding(findingId: string): void;
}

/** Key that shows or hides every category (listed in the help). */
export const toggleAllKey = 'A';

/** The findings panel. */
export class FindingsPanel {
  private readonly root: HTMLElement;
  private readonly toggles = new Map<string, HTMLInputElement>();
  private readonly rows = new Map<string, HTMLElement>();
  private readonly findingButtons = new Map<string, HTMLButtonElement>();
  private readonly allButton: HTMLButtonElement;
  private readonly categoryIds: readonly string[];
  private readonly categoryOf: ReadonlyMap<string, string>;
  /** What the panel shows once the findings are revealed, and the notice shown until then. */
  private readonly revealedParts: readonly HTMLElement[];
  private readonly hiddenParts: readonly HTMLElement[];
  private findingsShown: boolean | null = null;

  constructor(
    container: HTMLElement,
    private readonly store: Store<ViewState>,
    index: AnnotationIndex,
    manifest: CaseManifest,
    handlers: FindingsPanelHandlers,
  ) {
    const { file } = index;
    const counts = categoryCounts(file);
    this.categoryIds = file.categories.map((c) => c.id);
    this.categoryOf = new Map(file.annotations.map((a) => [a.id, a.category]));
    this.allButton = h('button', {
      type: 'button',
      class: 'tool-button small',
      dataset: { testid: 'findings-toggle-all' },
      title: `Show or hide every category (${toggleAllKey})`,
      onclick: () => this.toggleAll(),
    });
    const categoryList = h(
      'ul',
      { class: 'category-list', dataset: { testid: 'categories' } },
      ...file.categories.map((category) => {
        const input = h('input', {
          type: 'checkbox',
          dataset: { testid: `category-toggle-${category.id}` },
          onchange: () => this.setCategory(category.id, input.checked),
        });
        this.toggles.set(category.id, input);
        const row = h(
          'li',
          { class: 'category', title: category.description, dataset: { category: category.id } },
          h(
            'label',
            {},
            input,
            h('span', {
              class: 'swatch',
              style: `background-color: ${category.colour}`,
              'aria-hidden': 'true',
            }),
            h('span', { class: 'category-label', text: category.label }),
            h('span', {
              class: 'category-count',
              text: String(counts.get(category.id) ?? 0),
              'aria-label': `${counts.get(category.id) ?? 0} findings`,
            }),
          ),
        );
        this.rows.set(category.id, row);
        return row;
      }),
    );
    // The modality says where a finding is, unless several series share it (the two MR sequences).
    const seriesName = new Map(
      manifest.series.map((s) => [
        s.key,
        manifest.series.filter((o) => o.Modality === s.Modality).length > 1
          ? s.SeriesDescription
          : s.Modality,
      ]),
    );
    const colourOf = new Map(file.categories.map((c) => [c.id, c.colour]));
    const placed = file.annotations.filter((a) => index.placements.has(a.id));
    const order = (id: string) => this.categoryIds.indexOf(id);
    const sorted = placed
      .map((a, i) => ({ a, i }))
      .sort((x, y) => order(x.a.category) - order(y.a.category) || x.i - y.i)
      .map(({ a }) => a);
    const findingList = h(
      'ol',
      { class: 'finding-list', dataset: { testid: 'findings' } },
      ...sorted.map((annotation) => {
        const placement = index.placements.get(annotation.id);
        const where = placement
          ? `${seriesName.get(placement.series.key) ?? placement.series.key} · Im ${placement.imageIndex + 1}`
          : '';
        const button = h(
          'button',
          {
            type: 'button',
            class: 'finding',
            title: annotation.note ?? annotation.label,
            dataset: { findingId: annotation.id, category: annotation.category },
            onclick: () => handlers.goToFinding(annotation.id),
          },
          h('span', {
            class: 'swatch dot',
            style: `background-color: ${colourOf.get(annotation.category) ?? '#ffffff'}`,
            'aria-hidden': 'true',
          }),
          h('span', { class: 'finding-label', text: annotation.label }),
          h('span', { class: 'finding-where', text: where }),
        );
        this.findingButtons.set(annotation.id, button);
        return h('li', {}, button);
      }),
    );
    keyboardList(findingList, () => [...this.findingButtons.values()]);
    const title = h('h2', { class: 'panel-title', text: 'Findings' });
    this.revealedParts = [
      h('div', { class: 'panel-header' }, title, this.allButton),
      categoryList,
      findingList,
    ];
    this.hiddenParts = [
      h('div', { class: 'panel-header' }, title.cloneNode(true) as HTMLElement),
      h(
        'div',
        { class: 'panel-hint findings-hidden', dataset: { testid: 'findings-hidden' } },
        h('p', { text: 'Unknown case: the findings are hidden until they are revealed.' }),
        h('button', {
          type: 'button',
          class: 'tool-button reveal-next',
          text: 'Reveal findings',
          title: 'Reveal findings (U)',
          onclick: () =>
            store.update((s) => (s.reveal === 'history' ? { ...s, reveal: 'findings' } : s), 'learner'),
        }),
      ),
    ];
    this.root = h('section', { class: 'panel findings-panel', 'aria-label': 'Findings' });
    container.replaceChildren(this.root);
    store.subscribe((next, previous) => {
      if (
        next.visibleCategories !== previous.visibleCategories ||
        next.highlightedFinding !== previous.highlightedFinding ||
        next.reveal !== previous.reveal
      ) {
        this.render(next);
      }
    });
    this.render(store.get());
  }

  /**
   * Shows why the findings are missing (the annotations file could not be loaded) instead of the panel.
   * @param container - where the panel would have gone
   * @param message - one sentence for the learner
   */
  static unavailable(container: HTMLElement, message: string): void {
    container.replaceChildren(
      h(
        'section',
        { class: 'panel findings-panel', 'aria-label': 'Findings' },
        h('div', { class: 'panel-header' }, h('h2', { class: 'panel-title', text: 'Findings' })),
        h('p', { class: 'panel-hint', dataset: { testid: 'findings-unavailable' }, text: message }),
      ),
    );
  }

  /** Shows every category, or hides them all when all are shown (nothing while the findings are hidden). */
  toggleAll(): void {
    this.store.update((s) => {
      if (!isRevealed(s.reveal, 'findings')) return s;
      const allOn = this.categoryIds.every((id) => s.visibleCategories.includes(id));
      return { ...s, visibleCategories: allOn ? [] : [...this.categoryIds] };
    }, 'learner');
  }

  private setCategory(id: string, visible: boolean): void {
    this.store.update((s) => {
      if (s.visibleCategories.includes(id) === visible) return s;
      // Keep the file's category order whatever order they are switched in.
      const visibleCategories = this.categoryIds.filter((c) =>
        c === id ? visible : s.visibleCategories.includes(c),
      );
      return { ...s, visibleCategories };
    }, 'learner');
  }

  private render(state: ViewState): void {
    // The list is in the page only once the findings are revealed (not merely hidden).
    const shown = isRevealed(state.reveal, 'findings');
    if (shown !== this.findingsShown) {
      this.findingsShown = shown;
      this.root.replaceChildren(...(shown ? this.revealedParts : this.hiddenParts));
    }
    if (!shown) return;
    const visible = new Set(state.visibleCategories);
    for (const [id, input] of this.toggles) {
      input.checked = visible.has(id);
      this.rows.get(id)?.classList.toggle('off', !visible.has(id));
    }
    const allOn = this.categoryIds.every((id) => visible.has(id));
    setText(this.allButton, allOn ? 'All off' : 'All on');
    for (const [id, button] of this.findingButtons) {
      const highlighted = id === state.highlightedFinding;
      button.classList.toggle('highlighted', highlighted);
      setAttr(button, 'aria-current', highlighted ? 'true' : 'false');
      button.classList.toggle('off', !visible.has(this.categoryOf.get(id) ?? ''));
    }
    const current = state.highlightedFinding ? this.findingButtons.get(state.highlightedFinding) : undefined;
    current?.scrollIntoView?.({ block: 'nearest' });
  }
}
