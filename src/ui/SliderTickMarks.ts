/**
 * Tick marks on each viewport's slice slider at the images that carry teaching annotations, coloured by
 * category (grey while the category is hidden), so a learner can find the key slices. Reads the ViewState
 * store; plain DOM into the cells' tick containers. None in an unknown case until its findings are revealed:
 * they would show where the findings are.
 */
import type { Store } from '../lib/Store.ts';
import { isRevealed } from '../model/RevealStage.ts';
import type { ViewState } from '../model/ViewState.ts';
import { type AnnotationIndex, type SliderTick, sliderTicks } from '../teaching/AnnotationIndex.ts';
import { h } from './h.ts';
import { thumbHalfPx } from './sliderGeometry.ts';
import type { ViewportGrid } from './ViewportGrid.ts';

/** Slider ticks for every viewport. */
export class SliderTickMarks {
  private readonly ticksBySeries = new Map<string, readonly SliderTick[]>();
  private readonly colourOf: ReadonlyMap<string, string>;
  private readonly imageCounts = new Map<string, number>();
  /** The view the ticks were last drawn for. */
  private lastDrawn: ViewState | null = null;

  constructor(
    private readonly grid: ViewportGrid,
    store: Store<ViewState>,
    private readonly index: AnnotationIndex,
  ) {
    this.colourOf = new Map(index.file.categories.map((c) => [c.id, c.colour]));
    for (const placement of index.placements.values()) {
      this.imageCounts.set(placement.series.key, placement.series.instances.length);
    }
    store.subscribe((state) => this.render(state));
    this.render(store.get());
  }

  private ticksOf(seriesKey: string): readonly SliderTick[] {
    let ticks = this.ticksBySeries.get(seriesKey);
    if (!ticks) {
      ticks = sliderTicks(this.index, seriesKey);
      this.ticksBySeries.set(seriesKey, ticks);
    }
    return ticks;
  }

  private render(state: ViewState): void {
    // Every store change comes here, a slice change too: only a change of series, categories or reveal
    // stage redraws (checked without building anything, so scrolling does no work here).
    const last = this.lastDrawn;
    if (
      last &&
      last.visibleCategories === state.visibleCategories &&
      last.reveal === state.reveal &&
      last.viewports.length === state.viewports.length &&
      last.viewports.every((v, i) => v.seriesKey === state.viewports[i]?.seriesKey)
    )
      return;
    this.lastDrawn = state;
    state.viewports.forEach((viewport, i) => {
      const container = this.grid.cell(i)?.ticks;
      if (!container) return;
      const revealed = isRevealed(state.reveal, 'findings');
      const key = `${viewport.seriesKey}|${state.visibleCategories.join(',')}|${revealed}`;
      if (container.dataset.key === key) return;
      container.dataset.key = key;
      const count = this.imageCounts.get(viewport.seriesKey) ?? 0;
      const visible = new Set(state.visibleCategories);
      const ticks = count > 1 && revealed ? this.ticksOf(viewport.seriesKey) : [];
      container.replaceChildren(
        ...ticks.map((tick) => {
          const shown = tick.categories.find((c) => visible.has(c));
          const fraction = tick.imageIndex / (count - 1);
          return h('span', {
            class: shown ? 'slider-tick' : 'slider-tick off',
            dataset: { imageIndex: String(tick.imageIndex), categories: tick.categories.join(' ') },
            style:
              `left: calc(${thumbHalfPx}px + (100% - ${2 * thumbHalfPx}px) * ${fraction.toFixed(5)});` +
              (shown ? ` background-color: ${this.colourOf.get(shown) ?? '#ffffff'};` : ''),
          });
        }),
      );
    });
  }
}
