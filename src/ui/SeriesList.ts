/**
 * The series list: a thumbnail (the middle image, drawn lazily when the browser is idle, shown as a still
 * image), modality, description, image count and loading progress for each series. Click (or Enter / Space on
 * its button) shows the series in the active viewport; drag drops it on any viewport; arrows move through the
 * list. Plain DOM.
 */
import type { Store } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import type { ViewerController } from '../model/ViewerController.ts';
import type { ViewState } from '../model/ViewState.ts';
import { h, setAttr, setText } from './h.ts';
import { keyboardList } from './keyboardList.ts';
import type { ViewerActions } from './ViewerActions.ts';
import { seriesDragType } from './ViewportCell.ts';

const thumbnailCssPx = 88;

interface Item {
  readonly key: string;
  readonly root: HTMLLIElement;
  /** What keys and clicks act on: shows the series in the active viewport. */
  readonly button: HTMLButtonElement;
  /** Shows the drawn thumbnail (see startThumbnails for why not the canvas itself). */
  readonly image: HTMLImageElement;
  readonly bar: HTMLElement;
  readonly count: HTMLElement;
  thumbnail: 'none' | 'queued' | 'drawn' | 'failed';
}

/** The list of series with thumbnails. */
export class SeriesList {
  private readonly items: Item[];
  private thumbnailsStarted = false;

  constructor(
    container: HTMLElement,
    manifest: CaseManifest,
    store: Store<ViewState>,
    private readonly viewer: ViewerController,
    actions: ViewerActions,
  ) {
    this.items = manifest.series.map((series) => {
      const image = h('img', { class: 'thumbnail', alt: '', 'aria-hidden': 'true' });
      const bar = h('div', { class: 'progress-bar' });
      const count = h('span', { class: 'series-count', text: `${series.instances.length} images` });
      // A real button in each item (list semantics stay intact); the item around it is what is dragged.
      const button = h(
        'button',
        {
          type: 'button',
          class: 'series-button',
          title: 'Show in the active viewport (Enter), or drag onto a viewport',
          onclick: () => actions.showSeries(series.key),
        },
        h('span', { class: 'thumbnail-frame' }, image),
        h(
          'span',
          { class: 'series-text' },
          h('span', { class: 'modality-badge', text: series.Modality }),
          h('span', { class: 'series-description', text: series.SeriesDescription }),
          count,
          h('span', { class: 'progress', 'aria-hidden': 'true' }, bar),
        ),
      );
      const root = h(
        'li',
        {
          class: 'series-item',
          draggable: 'true',
          dataset: { seriesKey: series.key, testid: `series-${series.key}` },
          ondragstart: (event: DragEvent) => {
            event.dataTransfer?.setData(seriesDragType, series.key);
            event.dataTransfer?.setData('text/plain', series.SeriesDescription);
            if (event.dataTransfer) event.dataTransfer.effectAllowed = 'copy';
          },
        },
        button,
      );
      return { key: series.key, root, button, image, bar, count, thumbnail: 'none' as Item['thumbnail'] };
    });
    const list = h('ul', {}, ...this.items.map((i) => i.root));
    keyboardList(list, () => this.items.map((i) => i.button));
    container.replaceChildren(h('h2', { class: 'panel-title', text: 'Series' }), list);
    viewer.events.on('progress', (p) => {
      const item = this.items.find((i) => i.key === p.seriesKey);
      if (!item) return;
      const done = p.loaded + p.failed;
      item.bar.style.transform = `scaleX(${p.total ? done / p.total : 0})`;
      item.root.classList.toggle('loaded', done === p.total);
      item.root.dataset.loaded = String(p.loaded);
      setText(
        item.count,
        `${p.total} images${done < p.total ? ` · ${Math.round((100 * done) / p.total)}%` : ''}${p.failed ? ` · ${p.failed} failed` : ''}`,
      );
    });
    store.subscribe((state) => this.markShown(state));
    this.markShown(store.get());
  }

  /**
   * Draws the thumbnails one after the other when the browser is idle, so they never compete with the first
   * image or with scrolling. Call once the first image is on screen. Each is drawn into a detached canvas and
   * shown as an image: a canvas in the page is a compositor layer of its own (and the series text beside it
   * becomes one too), and with software compositing every extra layer costs main-thread time on each frame
   * the viewport redraws, long after the thumbnails stopped changing.
   */
  startThumbnails(): void {
    if (this.thumbnailsStarted) return;
    this.thumbnailsStarted = true;
    const queue = [...this.items];
    const idle = (fn: () => void) =>
      'requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 1500 }) : setTimeout(fn, 50);
    const next = () => {
      const item = queue.shift();
      if (!item) return;
      item.thumbnail = 'queued';
      const dpr = window.devicePixelRatio || 1;
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(thumbnailCssPx * dpr);
      canvas.height = Math.round(thumbnailCssPx * dpr);
      this.viewer.renderThumbnail(item.key, canvas).then(
        () => {
          item.image.src = canvas.toDataURL();
          item.thumbnail = 'drawn';
          item.root.dataset.thumbnail = 'drawn';
          idle(next);
        },
        () => {
          item.thumbnail = 'failed';
          item.root.dataset.thumbnail = 'failed';
          idle(next);
        },
      );
    };
    idle(next);
  }

  private markShown(state: ViewState): void {
    const active = state.viewports[state.activeViewport]?.seriesKey;
    for (const item of this.items) {
      item.root.classList.toggle(
        'on-screen',
        state.viewports.some((v) => v.seriesKey === item.key),
      );
      item.root.classList.toggle('in-active', item.key === active);
      setAttr(item.button, 'aria-current', item.key === active ? 'true' : 'false');
    }
  }
}
