/**
 * The grid of viewports for the current layout (1x1, 1x2, 2x2): creates cells, hands their elements to the
 * viewer, and routes store changes (series, slice, cine) and viewer reports to the right cell. Plain DOM.
 */
import type { Store } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import type { ViewerController } from '../model/ViewerController.ts';
import type { Layout, ViewState } from '../model/ViewState.ts';
import type { ViewerActions } from './ViewerActions.ts';
import { ViewportCell } from './ViewportCell.ts';

/** The viewport grid. */
export class ViewportGrid {
  private cells: ViewportCell[] = [];
  private layout: Layout | null = null;
  private readonly modalityOf: ReadonlyMap<string, string>;
  private pointerFrame = 0;
  private pendingPointer: { index: number; value: number | null } | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly store: Store<ViewState>,
    private readonly viewer: ViewerController,
    private readonly actions: ViewerActions,
    private readonly manifest: CaseManifest,
  ) {
    this.modalityOf = new Map(manifest.series.map((s) => [s.key, s.Modality]));
    container.classList.add('viewport-grid');
    store.subscribe((state) => this.render(state));
    viewer.events.on('display', (display) => this.cells[display.viewportIndex]?.setDisplay(display));
    viewer.events.on('progress', (progress) => {
      this.cells.forEach((cell, i) => {
        if (this.store.get().viewports[i]?.seriesKey === progress.seriesKey) {
          cell.setProgress(progress.loaded, progress.failed, progress.total);
        }
      });
    });
    viewer.events.on('loadProblem', (problem) => {
      for (const cell of this.cells) cell.addProblem(problem);
    });
    viewer.events.on('pointer', ({ viewportIndex, value }) => {
      // One text update per frame however fast the mouse moves.
      this.pendingPointer = { index: viewportIndex, value };
      if (!this.pointerFrame) {
        this.pointerFrame = requestAnimationFrame(() => {
          this.pointerFrame = 0;
          const p = this.pendingPointer;
          if (!p) return;
          const key = this.store.get().viewports[p.index]?.seriesKey ?? '';
          this.cells[p.index]?.setPointerValue(p.value, this.modalityOf.get(key) === 'CT' ? 'HU' : '');
        });
      }
    });
    this.render(store.get());
  }

  /** The cell elements in viewport order. */
  get cellElements(): readonly HTMLElement[] {
    return this.cells.map((c) => c.root);
  }

  /** Cell of a viewport (e.g. to put slider ticks into). */
  cell(index: number): ViewportCell | undefined {
    return this.cells[index];
  }

  private render(state: ViewState): void {
    if (state.layout !== this.layout || state.viewports.length !== this.cells.length) {
      this.layout = state.layout;
      this.container.dataset.layout = state.layout;
      const keep = this.cells.slice(0, state.viewports.length);
      for (let i = keep.length; i < state.viewports.length; i++) {
        keep.push(
          new ViewportCell(i, this.manifest, {
            activate: (index) => this.actions.activate(index),
            scrollBy: (delta, index) => this.actions.scrollBy(delta, index),
            goTo: (imageIndex, index) => this.actions.goTo(imageIndex, index),
            dropSeries: (key, index) => this.actions.showSeries(key, index),
            setCine: (index, cine) => this.actions.setCine(cine, index),
          }),
        );
      }
      this.cells = keep;
      this.container.replaceChildren(...keep.map((c) => c.root));
      this.viewer.attachViewports(this.cells.map((c) => c.element));
    }
    this.cells.forEach((cell, i) => {
      const vs = state.viewports[i];
      if (vs && cell.setRequested(vs.seriesKey, vs.imageIndex)) {
        const progress = this.viewer.getProgress(vs.seriesKey);
        if (progress) cell.setProgress(progress.loaded, progress.failed, progress.total);
      }
      if (vs) cell.setCine(vs.cine);
      cell.setActive(i === state.activeViewport);
    });
  }
}
