/**
 * The sample case's tour and quiz land on their findings on screen: each step's view opened as a link shows its
 * highlighted finding drawn and inside the viewport (the step's zoom and pan do not push it off the canvas);
 * each question's view shows its locate targets and answer ROI inside the viewport, with no overlay giving the
 * answer away. What `npm run validate` cannot see: the canvas. And the build serves both files, which the app
 * loads in a worker. Screenshots: test-results/screens/content-*.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import type { ImagePoint, WorldPoint } from '../src/model/geometry.ts';
import type { QuizFile } from '../src/model/QuizFile.ts';
import { applyStepView, type StepView } from '../src/model/StepView.ts';
import type { AnnotationFile, TeachingAnnotation } from '../src/model/TeachingAnnotation.ts';
import type { TourFile } from '../src/model/TourFile.ts';
import { toViewDocument } from '../src/model/ViewDocument.ts';
import { initialViewState } from '../src/model/ViewState.ts';
import { viewLinkHash } from '../src/model/viewLink.ts';
import { loadSampleCase } from './pages/sampleCase.ts';
import { TeachingPage } from './pages/TeachingPage.ts';

const sample = loadSampleCase();
const { manifest } = sample;
const annotationsDir = resolve(import.meta.dirname, '../annotations');
const screens = resolve(import.meta.dirname, '../test-results/screens');
const read = <T>(name: string): T => JSON.parse(readFileSync(resolve(annotationsDir, name), 'utf8')) as T;
const file = read<AnnotationFile>(`${manifest.caseId}.json`);
const tour = read<TourFile>(`${manifest.caseId}.tour.json`);
const quiz = read<QuizFile>(`${manifest.caseId}.quiz.json`);

// A projector's size: what a lecture shows.
test.use({ viewport: { width: 1280, height: 720 } });

const annotation = (id: string): TeachingAnnotation => {
  const found = file.annotations.find((a) => a.id === id);
  if (!found) throw new Error(`no annotation ${id}`);
  return found;
};

/** Opens a step's or question's view as a link and waits for every viewport to show its image. */
async function openView(page: Page, teaching: TeachingPage, view: StepView): Promise<void> {
  const first = manifest.series[0];
  if (!first) throw new Error('no series');
  const applied = applyStepView(view, initialViewState(manifest.caseId, first.key), manifest);
  if (!applied.ok) throw new Error(applied.problems.map((p) => p.message).join('; '));
  await page.goto(`/${viewLinkHash(toViewDocument(applied.view, manifest))}`);
  for (const [n, v] of applied.view.viewports.entries()) {
    await teaching.waitForImage(n, v.seriesKey);
    await teaching.waitForImageIndex(n, v.imageIndex);
  }
  // The teaching layer loads after the first image: until its findings panel shows, nothing can be drawn.
  await expect(page.getByTestId('findings')).toBeVisible();
  expect((await teaching.viewState()).visibleCategories).toEqual(view.visibleCategories ?? []);
}

/** The viewport showing the annotation's image, or -1. */
const viewportOf = (view: StepView, a: TeachingAnnotation): number =>
  view.viewports.findIndex((v) => v.image.SOPInstanceUID === a.image.SOPInstanceUID);

/** Where every handle of an annotation lands on its viewport's canvas, as fractions of the canvas size. */
async function handlesOnCanvas(
  teaching: TeachingPage,
  viewport: number,
  a: TeachingAnnotation,
): Promise<[number, number][]> {
  const box = await teaching.element(viewport).boundingBox();
  if (!box) throw new Error(`viewport ${viewport} has no box`);
  const out: [number, number][] = [];
  for (const p of a.points) {
    const at =
      a.space === 'patient'
        ? await teaching.worldToCanvas(viewport, p as WorldPoint)
        : await teaching.imageToCanvas(viewport, p as ImagePoint);
    out.push([at[0] / box.width, at[1] / box.height]);
  }
  return out;
}

const inside = ([x, y]: [number, number]): boolean => x >= 0.03 && x <= 0.97 && y >= 0.03 && y <= 0.97;

test("every tour step's highlighted finding is drawn inside its viewport", async ({ page }) => {
  test.setTimeout(240_000);
  mkdirSync(screens, { recursive: true });
  const teaching = new TeachingPage(page);
  for (const [index, step] of tour.steps.entries()) {
    await openView(page, teaching, step.view);
    const id = step.view.highlightedFinding;
    if (id) {
      const a = annotation(id);
      const n = viewportOf(step.view, a);
      expect(n, `step ${step.id}: a viewport shows ${id}'s image`).toBeGreaterThanOrEqual(0);
      await expect
        .poll(() => teaching.drawnFindings(n), { message: `step ${step.id}: ${id} drawn` })
        .toContain(id);
      const handles = await handlesOnCanvas(teaching, n, a);
      expect(
        handles.filter(inside).length,
        `step ${step.id}: ${id} on the canvas (${JSON.stringify(handles)})`,
      ).toBe(handles.length);
    }
    await page.screenshot({
      path: resolve(screens, `content-tour-${String(index + 1).padStart(2, '0')}-${step.id}.png`),
    });
  }
});

test("every quiz question's view shows its targets and answer region, and no overlay of the answer", async ({
  page,
}) => {
  test.setTimeout(240_000);
  mkdirSync(screens, { recursive: true });
  const teaching = new TeachingPage(page);
  for (const [index, question] of quiz.questions.entries()) {
    if (!question.view) continue;
    await openView(page, teaching, question.view);
    // Nothing is drawn while the question is open: the overlays would give the answer. The overlay draws
    // what the visible categories show once the layer is in; a category left on would draw within a frame.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    for (const n of question.view.viewports.keys()) {
      expect(await teaching.drawnFindings(n), `${question.id}: overlays on viewport ${n}`).toEqual([]);
      expect(await teaching.overlayNodes(n).count(), `${question.id}: overlay nodes on viewport ${n}`).toBe(
        0,
      );
    }
    if (question.kind === 'locate') {
      // At least one target is on an image on screen, and inside its viewport.
      const shown = question.targets
        .map(annotation)
        .filter((a) => viewportOf(question.view as StepView, a) >= 0);
      expect(shown.length, `${question.id}: a target on screen`).toBeGreaterThan(0);
      for (const a of shown) {
        const handles = await handlesOnCanvas(teaching, viewportOf(question.view, a), a);
        expect(handles.filter(inside).length, `${question.id}: ${a.id} on the canvas`).toBe(handles.length);
      }
    }
    if (question.kind === 'measure' && question.answerRoi) {
      const n = question.view.viewports.findIndex(
        (v) => v.image.SOPInstanceUID === question.answerRoi?.image.SOPInstanceUID,
      );
      expect(n, `${question.id}: the answer ROI's image is on screen`).toBeGreaterThanOrEqual(0);
      const box = await teaching.element(n).boundingBox();
      const at = await teaching.worldToCanvas(n, question.answerRoi.centreMm as WorldPoint);
      expect(
        inside([at[0] / (box?.width ?? 1), at[1] / (box?.height ?? 1)]),
        `${question.id}: ROI on canvas`,
      ).toBe(true);
    }
    await page.screenshot({
      path: resolve(screens, `content-quiz-${String(index + 1).padStart(2, '0')}-${question.id}.png`),
    });
  }
});

test('the build serves the tour and the quiz, and the app validates them in a worker', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  const fetched: string[] = [];
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (/\.(tour|quiz)\.json$/.test(pathname)) fetched.push(`${response.status()} ${pathname}`);
  });
  const teaching = new TeachingPage(page);
  await page.goto('/');
  await teaching.waitForImage(0);
  await expect
    .poll(() => [...fetched].sort())
    .toEqual([
      `200 /annotations/${manifest.caseId}.quiz.json`,
      `200 /annotations/${manifest.caseId}.tour.json`,
    ]);
  expect(workers.filter((url) => /teachingFileWorker/.test(url)).length).toBeGreaterThanOrEqual(1);
});
