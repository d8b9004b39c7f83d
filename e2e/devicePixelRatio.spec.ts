/**
 * Overlays stay on their findings and measurements land where the pointer was at every devicePixelRatio
 * (display scaling or browser zoom: 1, 1.25, 1.5, 2), on the CPU and the WebGL rendering paths, after a
 * zoom and Fit, and after a window resize. Where a finding should be on screen is worked out from the
 * manifest and the viewport's box alone (e2e/pages/fittedImage.ts), never from the app's coordinate maps,
 * which are under test. Pixels: the calcified rim's orange outline is found in a screenshot at device
 * resolution, and the image under it (overlays hidden) must be the bright calcified rim. One page per
 * ratio and path. Screenshots for review go to test-results/screens/dpr-*.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import type { CasebookWindow } from '../src/model/CasebookDiagnostics.ts';
import type { WorldPoint } from '../src/model/CaseManifest.ts';
import { worldPoint } from '../src/model/geometry.ts';
import {
  type BoxSize,
  type ExpectedCamera,
  expectedCanvasPoint,
  fittedPxPerMm,
} from './pages/fittedImage.ts';
import { decodePng } from './pages/pngPixels.ts';
import { landmark, loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { findingHome, loadCaseAnnotations, TeachingPage } from './pages/TeachingPage.ts';

const sample = loadSampleCase();
const file = loadCaseAnnotations();
const ct = seriesOf(sample, 'CT');
const rim = findingHome(file, sample.manifest, 'rim-1');
const rimColour = file.categories.find((c) => c.id === 'calcified-rim')?.colour ?? '#ff7f0e';
const screens = resolve(import.meta.dirname, '../test-results/screens');

/** Half-axes (mm) of the rim outline around its centre, from the annotation's own points. */
const rimHalfAxesMm = ((): [number, number] => {
  const points = rim.annotation.points as readonly (readonly number[])[];
  const xs = points.map((p) => p[0] ?? 0);
  const ys = points.map((p) => p[1] ?? 0);
  return [(Math.max(...xs) - Math.min(...xs)) / 2, (Math.max(...ys) - Math.min(...ys)) / 2];
})();

/** CSS px the app's maps and the drawn overlay may differ from the expected place (half-pixel conventions). */
const placeTolerancePx = 2.5;

/** The probe reads one pixel; truth.json's ranges are for 3x3 means (see measurements.spec.ts). */
const singlePixelMarginHU = 40;

/** An RGBA screenshot of a page region at device resolution. */
/** A soft check that a probed value lies in the truth's range, widened by one pixel's partial volume. */
function expectHUWithin(value: number, [low, high]: readonly [number, number], what: string): void {
  expect.soft(value, what).toBeGreaterThanOrEqual(low - singlePixelMarginHU);
  expect.soft(value, what).toBeLessThanOrEqual(high + singlePixelMarginHU);
}

/**
 * Puts the image of rim 1 on screen with its outline drawn, in the soft-tissue window (W 400 / L 40): the
 * calcified rim (about 950 HU) is white there, fluid and fat are not.
 */
async function showRimInSoftTissue(teaching: TeachingPage): Promise<void> {
  await teaching.goToImage(0, rim.imageIndex);
  await expect.poll(() => teaching.drawnFindings(0)).toContain('rim-1');
  await teaching.clickToolbar('preset-1');
  await expect(teaching.element(0)).toHaveAttribute('data-voi', '400/40');
}

/** Device pixels of a part of the page, as the display shows them. */
async function devicePixels(page: Page, clip: { x: number; y: number; width: number; height: number }) {
  return decodePng(page, await page.screenshot({ clip, scale: 'device' }));
}

/** What the rim check found. */
interface RimSample {
  /** Device pixels of the rim's colour within 20 % of the expected outline. */
  readonly onOutline: number;
  /** Device pixels of the rim's colour anywhere in the sampled region. */
  readonly inRegion: number;
  /** Of the outline pixels, the fraction whose image pixel (overlays hidden) is bright (luminance >= 200). */
  readonly brightUnder: number;
  /** Screenshot pixels per CSS px. */
  readonly scale: number;
}

/**
 * Finds the rim outline's colour around where the rim should be, then hides the rim overlays and reads
 * the image under those same pixels.
 */
async function sampleRim(
  teaching: TeachingPage,
  box: { x: number; y: number } & BoxSize,
  camera: ExpectedCamera | undefined,
): Promise<RimSample> {
  const page = teaching.page;
  const scale = fittedPxPerMm(ct, box) * (camera?.zoom ?? 1);
  const centre = expectedCanvasPoint(ct, rim.imageIndex, box, rim.centre as WorldPoint, camera);
  const [rx, ry] = [rimHalfAxesMm[0] * scale, rimHalfAxesMm[1] * scale];
  const margin = 12;
  const clip = {
    x: Math.floor(box.x + centre[0] - rx - margin),
    y: Math.floor(box.y + centre[1] - ry - margin),
    width: Math.ceil(2 * (rx + margin)),
    height: Math.ceil(2 * (ry + margin)),
  };
  await expect(teaching.overlayNodes(0, { findingId: 'rim-1' }).first()).toBeAttached();
  const shown = await devicePixels(page, clip);
  await teaching.categoryToggle('calcified-rim').uncheck();
  await expect(teaching.overlayNodes(0, { category: 'calcified-rim' })).toHaveCount(0);
  const hidden = await devicePixels(page, clip);
  await teaching.categoryToggle('calcified-rim').check();
  await expect(teaching.overlayNodes(0, { findingId: 'rim-1' }).first()).toBeAttached();

  const n = Number.parseInt(rimColour.slice(1), 16);
  const [r0, g0, b0] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  // Device pixels per CSS px, as captured (the page's devicePixelRatio).
  const ratio = shown.width / clip.width;
  let onOutline = 0;
  let inRegion = 0;
  let bright = 0;
  for (let j = 0; j < shown.height; j++) {
    for (let i = 0; i < shown.width; i++) {
      const k = 4 * (j * shown.width + i);
      const d =
        Math.abs((shown.data[k] ?? 0) - r0) +
        Math.abs((shown.data[k + 1] ?? 0) - g0) +
        Math.abs((shown.data[k + 2] ?? 0) - b0);
      if (d > 60) continue;
      inRegion++;
      // This device pixel's centre in canvas CSS px.
      const x = clip.x - box.x + (i + 0.5) / ratio;
      const y = clip.y - box.y + (j + 0.5) / ratio;
      const rho = Math.hypot((x - centre[0]) / rx, (y - centre[1]) / ry);
      if (Math.abs(rho - 1) > 0.2) continue;
      onOutline++;
      const luminance =
        0.299 * (hidden.data[k] ?? 0) + 0.587 * (hidden.data[k + 1] ?? 0) + 0.114 * (hidden.data[k + 2] ?? 0);
      if (luminance >= 200) bright++;
    }
  }
  return { onOutline, inRegion, brightUnder: onOutline ? bright / onOutline : 0, scale: ratio };
}

/** Checks the rim outline lies on the bright rim; `where` names the moment for messages. */
async function expectRimOnFinding(
  teaching: TeachingPage,
  box: { x: number; y: number } & BoxSize,
  camera: ExpectedCamera | undefined,
  where: string,
): Promise<void> {
  const found = await sampleRim(teaching, box, camera);
  test.info().annotations.push({
    type: 'rim outline',
    description: `${where}: ${found.onOutline} of ${found.inRegion} rim-coloured device px on the expected outline, ${(100 * found.brightUnder).toFixed(0)} % on bright rim`,
  });
  // A 2 px line around a ~30 px loculus: some 350 CSS px², times (screenshot px per CSS px)².
  expect
    .soft(found.onOutline, `${where}: rim outline where the rim is`)
    .toBeGreaterThan(150 * found.scale * found.scale);
  expect
    .soft(found.brightUnder, `${where}: the image under the outline is the calcified rim`)
    .toBeGreaterThan(0.75);
}

/** The app's own map of the rim centre agrees with the independently expected place. */
async function expectMapsAgree(
  teaching: TeachingPage,
  box: BoxSize,
  camera: ExpectedCamera | undefined,
  where: string,
): Promise<void> {
  const expected = expectedCanvasPoint(ct, rim.imageIndex, box, rim.centre as WorldPoint, camera);
  const mapped = await teaching.worldToCanvas(0, rim.centre as WorldPoint);
  const off = Math.hypot(mapped[0] - expected[0], mapped[1] - expected[1]);
  test.info().annotations.push({
    type: 'world to canvas',
    description: `${where}: rim centre mapped to (${mapped.map((v) => v.toFixed(1)).join(', ')}), expected (${expected.map((v) => v.toFixed(1)).join(', ')})`,
  });
  expect
    .soft(off, `${where}: the app maps the rim centre where the image shows it`)
    .toBeLessThan(placeTolerancePx);
}

/** Clicks the probe at a patient-space point placed on screen by the expected geometry; returns its value. */
async function probeAt(teaching: TeachingPage, box: { x: number; y: number } & BoxSize, point: WorldPoint) {
  const before = (await teaching.measurements()).length;
  const [x, y] = expectedCanvasPoint(ct, rim.imageIndex, box, point);
  await teaching.page.mouse.click(box.x + x, box.y + y);
  await expect.poll(async () => (await teaching.measurements()).length).toBe(before + 1);
  const made = (await teaching.measurements())[before];
  expect(made?.kind).toBe('probe');
  return Number(made?.value);
}

async function elementBox(teaching: TeachingPage) {
  const box = await teaching.element(0).boundingBox();
  if (!box) throw new Error('viewport 0 is not visible');
  return box;
}

async function cameraOf(teaching: TeachingPage): Promise<ExpectedCamera | undefined> {
  const camera = (await teaching.viewState()).viewports[0]?.camera as ExpectedCamera | undefined;
  return camera;
}

for (const render of ['cpu', 'gpu'] as const) {
  for (const ratio of [1, 1.25, 1.5, 2]) {
    test.describe(`${render.toUpperCase()} rendering at devicePixelRatio ${ratio}`, () => {
      test.use({ deviceScaleFactor: ratio });

      test('overlays sit on their findings and measurements land under the pointer', async ({ page }) => {
        test.setTimeout(120_000);
        const teaching = new TeachingPage(page);
        await page.goto(`/?render=${render}`);
        await teaching.waitForImage(0);
        await teaching.waitForTools(0);
        expect(await page.evaluate(() => window.devicePixelRatio)).toBe(ratio);
        expect(
          await page.evaluate(() => (window as unknown as CasebookWindow).__casebook.renderingPath),
        ).toBe(render);
        await showRimInSoftTissue(teaching);

        // 1. Values: the app's map, then the drawn outline on the bright rim.
        let box = await elementBox(teaching);
        await expectMapsAgree(teaching, box, undefined, 'opened');
        await expectRimOnFinding(teaching, box, undefined, 'opened');
        mkdirSync(screens, { recursive: true });
        await teaching.element(0).screenshot({ path: resolve(screens, `dpr-${render}-${ratio}.png`) });

        // 2. Measurements where the pointer was, placed by the geometry: an ellipse and a length (drags).
        const fluid = landmark(sample, 'loculus fluid');
        const sediment = landmark(sample, 'loculus sediment');
        const latest = async (kind: string) =>
          (await teaching.measurements()).filter((m) => m.kind === kind).at(-1) ?? {};
        await teaching.clickToolbar('tool-EllipticalROI');
        // Cornerstone's ellipse is drawn from its centre: a drag of (3, 3) mm gives a 6 mm circle, in the
        // settled calcium beside (not over) the probe's landmark.
        const [sx, sy, sz] = sediment.pointMm;
        await teaching.dragCanvas(
          0,
          expectedCanvasPoint(ct, rim.imageIndex, box, worldPoint(sx + 7, sy, sz)),
          expectedCanvasPoint(ct, rim.imageIndex, box, worldPoint(sx + 10, sy + 3, sz)),
        );
        const areaMm2 = async () => Number((await latest('ellipse')).areaMm2 ?? 0);
        await expect.poll(areaMm2).toBeGreaterThan(0);
        // pi * 3 * 3 = 28.3 mm²; Cornerstone reports 24-26 at ratio 1 on both paths (its ellipse is fitted
        // to whole pixels). A pointer off by the ratio would give 1.25² to 2² times more or less.
        await expect.soft.poll(areaMm2, 'ellipse area').toBeGreaterThan(20);
        expect.soft(await areaMm2(), 'ellipse area').toBeLessThan(34);
        const ellipseMean = Number((await latest('ellipse')).mean);
        expect.soft(ellipseMean, 'ellipse on the settled calcium').toBeGreaterThan(sediment.expectedHU[0]);
        expect.soft(ellipseMean, 'ellipse on the settled calcium').toBeLessThan(sediment.expectedHU[1]);

        await teaching.clickToolbar('tool-Length');
        // In front of the loculus, clear of the rim outline, the ellipse and the probe points.
        const [cx, cy, cz] = rim.centre as WorldPoint;
        await teaching.dragCanvas(
          0,
          expectedCanvasPoint(ct, rim.imageIndex, box, worldPoint(cx - 20, cy - 20, cz)),
          expectedCanvasPoint(ct, rim.imageIndex, box, worldPoint(cx + 20, cy - 20, cz)),
        );
        // Cornerstone recomputes statistics at most every 100 ms while dragging: wait for the final figure.
        const lengthMm = async () => Number((await latest('length')).lengthMm ?? Number.NaN);
        await expect.poll(lengthMm).toBeGreaterThan(0);
        await expect.soft.poll(lengthMm, 'a 40 mm drag measures 40 mm').toBeGreaterThan(38.5);
        expect.soft(await lengthMm(), 'a 40 mm drag measures 40 mm').toBeLessThan(41.5);

        // 3. Zoom with the right button (Cornerstone's zoom tool), then Fit.
        const [zx, zy] = expectedCanvasPoint(ct, rim.imageIndex, box, rim.centre as WorldPoint);
        await page.mouse.move(box.x + zx, box.y + zy);
        await page.mouse.down({ button: 'right' });
        await page.mouse.move(box.x + zx, box.y + zy + 40, { steps: 6 });
        await page.mouse.up({ button: 'right' });
        await expect.poll(async () => (await cameraOf(teaching))?.zoom ?? 1).not.toBeCloseTo(1, 2);
        const zoomed = await cameraOf(teaching);
        await expectMapsAgree(teaching, box, zoomed, `zoomed ${zoomed?.zoom.toFixed(2)}x`);
        await expectRimOnFinding(teaching, box, zoomed, `zoomed ${zoomed?.zoom.toFixed(2)}x`);
        await teaching.clickToolbar('fit');
        await expect.poll(() => cameraOf(teaching)).toBeUndefined();
        await expectMapsAgree(teaching, box, undefined, 'after Fit');
        await expectRimOnFinding(teaching, box, undefined, 'after Fit');

        // 4. A window resize: a new box, the same registration.
        await page.setViewportSize({ width: 1600, height: 1000 });
        await expect.poll(async () => (await elementBox(teaching)).width).not.toBe(box.width);
        box = await elementBox(teaching);
        const resized = box;
        await expect.soft
          .poll(async () => {
            const expected = expectedCanvasPoint(ct, rim.imageIndex, resized, rim.centre as WorldPoint);
            const mapped = await teaching.worldToCanvas(0, rim.centre as WorldPoint);
            return Math.hypot(mapped[0] - expected[0], mapped[1] - expected[1]);
          }, 'after the resize the app maps the rim centre where the image shows it')
          .toBeLessThan(placeTolerancePx);
        await expectRimOnFinding(teaching, box, undefined, 'after a window resize');
        await teaching
          .element(0)
          .screenshot({ path: resolve(screens, `dpr-${render}-${ratio}-resized.png`) });

        // 5. The probe (clicks, last: a click inside the rim also highlights that finding).
        await teaching.clickToolbar('tool-Probe');
        const fluidHU = await probeAt(teaching, box, fluid.pointMm);
        const sedimentHU = await probeAt(teaching, box, sediment.pointMm);
        expectHUWithin(fluidHU, fluid.expectedHU, 'probe on the supernatant');
        expectHUWithin(sedimentHU, sediment.expectedHU, 'probe on the settled calcium');
        test.info().annotations.push({
          type: 'measurements',
          description: `ellipse ${(await areaMm2()).toFixed(1)} mm² mean ${ellipseMean.toFixed(0)} HU, length ${(await lengthMm()).toFixed(1)} mm, probe ${fluidHU} / ${sedimentHU} HU (after the resize)`,
        });
      });
    });
  }
}

for (const render of ['cpu', 'gpu'] as const) {
  test(`${render.toUpperCase()} rendering: a devicePixelRatio change without a resize (another display) keeps overlays on their findings`, async ({
    page,
  }) => {
    const teaching = new TeachingPage(page);
    // Chromium applies an emulated ratio change (below) without firing media-query change events, which a
    // real display change fires; keep the page's resolution queries so the test can fire that event.
    await page.addInitScript(() => {
      const original = window.matchMedia.bind(window);
      const queries: MediaQueryList[] = [];
      Object.defineProperty(window, '__resolutionQueries', { value: queries });
      window.matchMedia = (query: string) => {
        const list = original(query);
        if (query.includes('dppx')) queries.push(list);
        return list;
      };
    });
    await page.goto(`/?render=${render}`);
    await teaching.waitForImage(0);
    await showRimInSoftTissue(teaching);
    const box = await elementBox(teaching);
    await expectRimOnFinding(teaching, box, undefined, 'at ratio 1');
    // What moving the window to a 200 % display does: the same CSS size, twice the device pixels.
    const viewport = page.viewportSize() ?? { width: 1400, height: 900 };
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', {
      ...viewport,
      deviceScaleFactor: 2,
      mobile: false,
    });
    await expect.poll(() => page.evaluate(() => window.devicePixelRatio)).toBe(2);
    await page.evaluate(() => {
      const queries = (window as unknown as { __resolutionQueries: MediaQueryList[] }).__resolutionQueries;
      for (const query of queries) if (!query.matches) query.dispatchEvent(new Event('change'));
    });
    // The canvas backing store follows (both paths size it in device pixels).
    await expect.soft
      .poll(() =>
        teaching
          .element(0)
          .locator('canvas')
          .first()
          .evaluate((canvas: HTMLCanvasElement) => canvas.width / canvas.clientWidth),
      )
      .toBeCloseTo(2, 1);
    // So do the corner text lines drawn into canvases (sharp text, not an upscaled 1x bitmap).
    await expect.soft(teaching.cell(0).locator('canvas.canvas-line.image-number')).toHaveJSProperty(
      'width',
      await teaching
        .cell(0)
        .locator('canvas.canvas-line.image-number')
        .evaluate((canvas: HTMLCanvasElement) => Math.round(canvas.clientWidth * 2)),
    );
    expect(await elementBox(teaching)).toEqual(box);
    // Redraw (another window and back), so the overlay is drawn with the maps of the new ratio.
    await teaching.clickToolbar('preset-3');
    await expect(teaching.element(0)).toHaveAttribute('data-voi', '1600/400');
    await teaching.clickToolbar('preset-1');
    await expect(teaching.element(0)).toHaveAttribute('data-voi', '400/40');
    await expectMapsAgree(teaching, box, undefined, 'after the ratio changed to 2');
    // Playwright still captures at its own ratio (1) here: the outline check runs on CSS-resolution pixels.
    await expectRimOnFinding(teaching, box, undefined, 'after the ratio changed to 2');
  });
}
