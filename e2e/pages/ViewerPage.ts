/**
 * Page object of the viewer: opens the app, reads each viewport's DOM state (data-series-key,
 * data-image-index, data-voi, data-render-count), samples canvas pixels, and drives the real UI (keys, wheel,
 * slider, toolbar, mouse on patient-space points through window.__casebook). Waits on DOM state only.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { CasebookWindow } from '../../src/model/CasebookDiagnostics.ts';
import type { CanvasPoint, ImagePoint, WorldPoint } from '../../src/model/geometry.ts';
import { caseQuery } from './sampleCase.ts';

/** DOM state of one viewport element. */
export interface ViewportState {
  readonly seriesKey: string;
  readonly imageIndex: number;
  readonly imageCount: number;
  readonly voi: string;
  readonly renderCount: number;
}

/** Brightness statistics of a canvas region (0–255 luminance). */
export interface PixelStats {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** Sum of luminance × position, to tell two images apart. */
  readonly signature: number;
}

/** The viewer page. */
export class ViewerPage {
  constructor(readonly page: Page) {}

  /**
   * Opens the app on the test case and waits until viewport 0 has drawn its first image and its mouse tools
   * (loaded after the first image) are bound.
   */
  async open(): Promise<void> {
    await this.page.goto(`/${caseQuery}`);
    await this.waitForImage(0);
    await this.waitForTools(0);
  }

  /** Waits until the Cornerstone tools (W/L, zoom, pan, measurements) are bound to a viewport. */
  async waitForTools(index: number): Promise<void> {
    await expect(this.element(index)).toHaveAttribute('data-tools', 'ready');
  }

  /** The element Cornerstone draws into. */
  element(index: number): Locator {
    return this.page.getByTestId(`viewport-element-${index}`);
  }

  /** The viewport cell (outlined when active). */
  cell(index: number): Locator {
    return this.page.getByTestId(`viewport-${index}`);
  }

  async state(index: number): Promise<ViewportState> {
    return this.element(index).evaluate((el: HTMLElement) => ({
      seriesKey: el.dataset.seriesKey ?? '',
      imageIndex: Number(el.dataset.imageIndex ?? -1),
      imageCount: Number(el.dataset.imageCount ?? 0),
      voi: el.dataset.voi ?? '',
      renderCount: Number(el.dataset.renderCount ?? 0),
    }));
  }

  /** Waits until a viewport has rendered an image with a known VOI (its first real render). */
  async waitForImage(index: number, seriesKey?: string): Promise<void> {
    await expect
      .poll(async () => {
        const s = await this.state(index);
        return s.renderCount > 0 && s.voi !== '' && (!seriesKey || s.seriesKey === seriesKey);
      })
      .toBe(true);
  }

  /** Waits until the viewport reports `imageIndex` drawn, and a render after `afterRenderCount`. */
  async waitForImageIndex(index: number, imageIndex: number): Promise<void> {
    await expect.poll(async () => (await this.state(index)).imageIndex).toBe(imageIndex);
  }

  /** Waits for the next render of a viewport after the given count. */
  async waitForRenderAfter(index: number, renderCount: number): Promise<void> {
    await expect.poll(async () => (await this.state(index)).renderCount).toBeGreaterThan(renderCount);
  }

  /** Luminance statistics of the viewport canvas, optionally of a region (canvas CSS px). */
  async pixels(index: number, region?: { x: number; y: number; w: number; h: number }): Promise<PixelStats> {
    return this.element(index).evaluate((el: HTMLElement, r) => {
      const canvas = el.querySelector('canvas');
      if (!canvas) throw new Error('no canvas in the viewport');
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('viewport canvas has no 2d context');
      const scale = canvas.width / canvas.clientWidth;
      const x = Math.max(0, Math.round((r?.x ?? 0) * scale));
      const y = Math.max(0, Math.round((r?.y ?? 0) * scale));
      const w = Math.max(1, Math.min(canvas.width - x, Math.round((r?.w ?? canvas.clientWidth) * scale)));
      const h = Math.max(1, Math.min(canvas.height - y, Math.round((r?.h ?? canvas.clientHeight) * scale)));
      const data = ctx.getImageData(x, y, w, h).data;
      let sum = 0;
      let min = 255;
      let max = 0;
      let signature = 0;
      for (let i = 0; i < data.length; i += 4) {
        const l = 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
        sum += l;
        if (l < min) min = l;
        if (l > max) max = l;
        signature += l * ((i / 4) % 9973);
      }
      return { mean: sum / (data.length / 4), min, max, signature };
    }, region);
  }

  /** Mean luminance of a small square around a canvas point. */
  async brightnessAt(index: number, point: readonly [number, number], half = 3): Promise<number> {
    return (
      await this.pixels(index, { x: point[0] - half, y: point[1] - half, w: 2 * half + 1, h: 2 * half + 1 })
    ).mean;
  }

  /** Canvas position (CSS px in the viewport element) of a patient-space point. */
  async worldToCanvas(index: number, point: WorldPoint): Promise<CanvasPoint> {
    const result = await this.page.evaluate(
      ([i, p]) => (window as unknown as CasebookWindow).__casebook.worldToCanvas(i, p),
      [index, point] as const,
    );
    if (!result) throw new Error(`viewport ${index} cannot map ${point.join(', ')} yet`);
    return result;
  }

  /** Canvas position of an image pixel (column, row) in the image shown. */
  async imageToCanvas(index: number, point: ImagePoint): Promise<CanvasPoint> {
    const result = await this.page.evaluate(
      ([i, p]) => (window as unknown as CasebookWindow).__casebook.imageToCanvas(i, p),
      [index, point] as const,
    );
    if (!result) throw new Error(`viewport ${index} cannot map pixel ${point.join(', ')} yet`);
    return result;
  }

  /** Page coordinates of a canvas point of a viewport. */
  async pagePoint(index: number, canvas: readonly [number, number]): Promise<[number, number]> {
    const box = await this.element(index).boundingBox();
    if (!box) throw new Error(`viewport ${index} is not visible`);
    return [box.x + canvas[0], box.y + canvas[1]];
  }

  /** Moves the mouse over the middle of a viewport. */
  async hover(index: number): Promise<void> {
    const box = await this.element(index).boundingBox();
    if (!box) throw new Error(`viewport ${index} is not visible`);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  }

  /** The slice slider of a viewport (its value is the 1-based image number). */
  slider(index: number): Locator {
    return this.cell(index).locator('input.slice-slider');
  }

  /**
   * Moves the stack with the slider (real input events) to a 0-based image index, without waiting.
   * The slider's own scale starts at its `min` (1: it shows image numbers as the overlay does).
   */
  async setSlider(index: number, imageIndex: number): Promise<void> {
    const slider = this.slider(index);
    const min = Number((await slider.getAttribute('min')) ?? 0);
    await slider.fill(String(imageIndex + min));
  }

  /** Moves the stack with the slider (real input events) and waits until the image is drawn. */
  async goToImage(index: number, imageIndex: number): Promise<void> {
    await this.setSlider(index, imageIndex);
    await this.waitForImageIndex(index, imageIndex);
  }

  /** Clicks a toolbar button by its test id (tool-Probe, preset-2, layout-2x2, ...). */
  async clickToolbar(testId: string): Promise<void> {
    await this.page.getByTestId(testId).click();
  }

  /** Clicks a patient-space point of a viewport with the current tool. */
  async clickWorld(index: number, point: WorldPoint): Promise<void> {
    const [x, y] = await this.pagePoint(index, await this.worldToCanvas(index, point));
    await this.page.mouse.click(x, y);
  }

  /** Drags with the left button between two canvas points. */
  async dragCanvas(
    index: number,
    from: readonly [number, number],
    to: readonly [number, number],
  ): Promise<void> {
    const [x0, y0] = await this.pagePoint(index, from);
    const [x1, y1] = await this.pagePoint(index, to);
    await this.page.mouse.move(x0, y0);
    await this.page.mouse.down();
    await this.page.mouse.move(x1, y1, { steps: 8 });
    await this.page.mouse.up();
  }

  /** The measurements the viewer reports (same values as the panel shows). */
  async measurements(): Promise<Array<Record<string, unknown>>> {
    // Read field by field as the kind needs (tests check a probe's value, a length's mm, an ROI's mean).
    return this.page.evaluate(() =>
      (window as unknown as CasebookWindow).__casebook.getMeasurements().map((m) => ({ ...m })),
    );
  }

  /** The measurements panel's list. */
  measurementsPanel(): Locator {
    return this.page.getByTestId('measurements');
  }

  /** Orientation marker text of a viewport side. */
  marker(index: number, side: 'top' | 'bottom' | 'left' | 'right'): Locator {
    return this.cell(index).getByTestId(`marker-${side}`);
  }

  /** Waits until the whole series has been loaded (series list item). */
  async waitForSeriesLoaded(seriesKey: string, total: number): Promise<void> {
    await expect(this.page.getByTestId(`series-${seriesKey}`)).toHaveAttribute('data-loaded', String(total), {
      timeout: 60_000,
    });
  }
}
