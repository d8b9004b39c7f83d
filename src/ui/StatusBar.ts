/**
 * The status bar: which rendering path draws the images and why, and loading progress of the case.
 * Plain DOM.
 */
import type { CaseManifest } from '../model/CaseManifest.ts';
import { describeRenderingPath } from '../model/renderingPath.ts';
import type { SeriesProgress, ViewerController } from '../model/ViewerController.ts';
import { h, setText } from './h.ts';

/** The status bar. */
export class StatusBar {
  private readonly loading: HTMLElement;
  private readonly progress = new Map<string, SeriesProgress>();
  private readonly labelOf: ReadonlyMap<string, string>;
  private frame = 0;

  constructor(container: HTMLElement, manifest: CaseManifest, viewer: ViewerController) {
    this.labelOf = new Map(manifest.series.map((s) => [s.key, s.SeriesDescription]));
    const path = viewer.renderingPath;
    const pathText = h('span', {
      class: 'rendering-path',
      text: describeRenderingPath(path),
      title: path.renderer ? `WebGL renderer: ${path.renderer}` : 'No WebGL renderer',
      dataset: { testid: 'rendering-path', path: path.path },
    });
    this.loading = h('span', { class: 'loading-summary', dataset: { testid: 'loading-summary' } });
    container.replaceChildren(pathText, this.loading);
    viewer.events.on('progress', (p) => {
      this.progress.set(p.seriesKey, p);
      if (!this.frame) {
        this.frame = requestAnimationFrame(() => {
          this.frame = 0;
          this.renderProgress();
        });
      }
    });
  }

  private renderProgress(): void {
    const busy = [...this.progress.values()].filter((p) => p.loaded + p.failed < p.total);
    const failed = [...this.progress.values()].reduce((n, p) => n + p.failed, 0);
    const text =
      busy.length > 0
        ? `Loading ${busy.map((p) => `${this.labelOf.get(p.seriesKey) ?? p.seriesKey} ${p.loaded + p.failed}/${p.total}`).join(' · ')}`
        : `All loaded series cached${failed ? ` · ${failed} image(s) failed` : ''}`;
    setText(this.loading, text);
  }
}
