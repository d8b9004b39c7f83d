/**
 * Page object of the teaching layer: the findings panel (category toggles, findings), the case text, the
 * overlays Cornerstone draws into each viewport's SVG layer (tagged data-finding-id / data-category), and a
 * colour count over a screenshot of a viewport (what a learner sees: canvas and SVG together). Also reads
 * the committed annotations file so tests know where each finding is. Waits on DOM state only.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { CASE_ID } from '../../generator/caseGeometry.ts';
import type { CasebookWindow } from '../../src/model/CasebookDiagnostics.ts';
import type { CaseManifest } from '../../src/model/CaseManifest.ts';
import {
  type CanvasPoint,
  type ImagePoint,
  imagePoint,
  type WorldPoint,
  worldPoint,
} from '../../src/model/geometry.ts';
import type { AnnotationFile, TeachingAnnotation } from '../../src/model/TeachingAnnotation.ts';
import type { ViewState } from '../../src/model/ViewState.ts';
import { decodePng } from './pngPixels.ts';
import { caseQuery } from './sampleCase.ts';
import { ViewerPage } from './ViewerPage.ts';

/** The committed annotations of the sample case. */
export function loadCaseAnnotations(): AnnotationFile {
  const file = resolve(import.meta.dirname, '../../annotations', `${CASE_ID}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as AnnotationFile;
}

/** Where a finding lives, worked out from the manifest (not from the app's own index). */
export interface FindingHome {
  readonly annotation: TeachingAnnotation;
  readonly seriesKey: string;
  readonly imageIndex: number;
  /**
   * Centre as the app centres it: the mean of the points (an ellipse: its centre point); a WorldPoint for a
   * patient-space annotation, an ImagePoint for a pixel-space one.
   */
  readonly centre: WorldPoint | ImagePoint;
}

/**
 * Series key and image index of a finding, from its SOPInstanceUID.
 * @param file - the annotations file
 * @param manifest - the case manifest the tests open
 * @param id - annotation id
 */
export function findingHome(file: AnnotationFile, manifest: CaseManifest, id: string): FindingHome {
  const annotation = file.annotations.find((a) => a.id === id);
  if (!annotation) throw new Error(`No annotation '${id}' in the annotations file.`);
  const series = manifest.series.find((s) => s.key === annotation.image.seriesKey);
  const imageIndex =
    series?.instances.findIndex((i) => i.SOPInstanceUID === annotation.image.SOPInstanceUID) ?? -1;
  if (!series || imageIndex < 0)
    throw new Error(`Annotation '${id}' names an image the manifest does not have.`);
  const points: readonly (WorldPoint | ImagePoint)[] = annotation.points;
  const mean = (axis: number): number => points.reduce((sum, p) => sum + (p[axis] ?? 0), 0) / points.length;
  const first = points[0];
  if (!first) throw new Error(`Annotation '${id}' has no points.`);
  const centre =
    annotation.kind === 'ellipse'
      ? first
      : annotation.space === 'patient'
        ? worldPoint(mean(0), mean(1), mean(2))
        : imagePoint(mean(0), mean(1));
  return { annotation, seriesKey: series.key, imageIndex, centre };
}

/** The viewer page with its teaching layer. */
export class TeachingPage extends ViewerPage {
  constructor(page: Page) {
    super(page);
  }

  /**
   * Opens the app (optionally with another annotations file) and waits for the first image and for the
   * findings panel (or its unavailable notice).
   * @param annotationsUrl - value of `?annotations=`
   */
  async openTeaching(annotationsUrl?: string): Promise<void> {
    const extra = annotationsUrl ? `annotations=${encodeURIComponent(annotationsUrl)}` : '';
    const query = caseQuery && extra ? `${caseQuery}&${extra}` : caseQuery || (extra ? `?${extra}` : '');
    await this.page.goto(`/${query}`);
    await this.waitForImage(0);
    await expect(
      this.page.getByTestId('findings').or(this.page.getByTestId('findings-unavailable')),
    ).toBeVisible();
  }

  categoryToggle(categoryId: string): Locator {
    return this.page.getByTestId(`category-toggle-${categoryId}`);
  }

  findingButton(findingId: string): Locator {
    return this.page.locator(`.finding[data-finding-id="${findingId}"]`);
  }

  caseText(): Locator {
    return this.page.getByTestId('case-text');
  }

  textSection(sectionId: string): Locator {
    return this.caseText().locator(`[data-section-id="${sectionId}"]`);
  }

  /** A finding link in the text, inside a given section. */
  textLink(findingId: string, sectionId: string): Locator {
    return this.textSection(sectionId).locator(`a[data-finding-id="${findingId}"]`).first();
  }

  /** SVG nodes Cornerstone drew for the teaching overlay in a viewport, optionally of one category or finding. */
  overlayNodes(viewportIndex: number, filter: { category?: string; findingId?: string } = {}): Locator {
    const category = filter.category ? `[data-category="${filter.category}"]` : '';
    const finding = filter.findingId ? `[data-finding-id="${filter.findingId}"]` : '';
    return this.element(viewportIndex).locator(`svg .teaching-overlay${category}${finding}`);
  }

  /** Finding ids the overlay drew on a viewport's current image, in drawing order. */
  async drawnFindings(viewportIndex: number): Promise<string[]> {
    const ids = await this.element(viewportIndex).getAttribute('data-findings-drawn');
    return ids ? ids.split(' ').filter(Boolean) : [];
  }

  /** Waits until the overlay on a viewport has drawn exactly these findings (any order). */
  async waitForDrawn(viewportIndex: number, ids: readonly string[]): Promise<void> {
    await expect.poll(async () => (await this.drawnFindings(viewportIndex)).sort()).toEqual([...ids].sort());
  }

  /** The app's view state (store), as its diagnostics report it. */
  async viewState(): Promise<ViewState> {
    return this.page.evaluate(() => (window as unknown as CasebookWindow).__casebook.getViewState());
  }

  /** Canvas position of a finding's centre on the image shown (patient-space or pixel-space). */
  async centreOnCanvas(viewportIndex: number, home: FindingHome): Promise<CanvasPoint> {
    return home.annotation.space === 'patient'
      ? this.worldToCanvas(viewportIndex, home.centre as WorldPoint)
      : this.imageToCanvas(viewportIndex, home.centre as ImagePoint);
  }

  /**
   * Pixels of a viewport's screenshot (canvas + SVG overlay + corner text) within `tolerance` (sum of
   * absolute RGB differences) of a `#rrggbb` colour.
   */
  async countColour(viewportIndex: number, colour: string, tolerance = 45): Promise<number> {
    const { data: pixels } = await decodePng(this.page, await this.element(viewportIndex).screenshot());
    const n = Number.parseInt(colour.slice(1), 16);
    const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    let count = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const d =
        Math.abs((pixels[i] ?? 0) - r) +
        Math.abs((pixels[i + 1] ?? 0) - g) +
        Math.abs((pixels[i + 2] ?? 0) - b);
      if (d <= tolerance) count++;
    }
    return count;
  }
}
