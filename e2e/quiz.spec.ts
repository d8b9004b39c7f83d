/**
 * The sample quiz end to end: a click on the fluid–calcium level scores on its own slice and on the
 * neighbouring one, a click 20 mm away does not; the cross-hair answers with the keys alone; a wrong choice
 * shows that option's feedback; an ROI in the supernatant passes and one in the calcium fails; the whole quiz
 * scores as answered, progress survives a reload, and the review draws each click on the image it was made
 * on; a malformed or hostile quiz file is reported and the images keep working. Screenshots for review go to
 * test-results/screens/quiz-*.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { imagePoint, type WorldPoint, worldPoint } from '../src/model/geometry.ts';
import { loadCaseQuiz, QuizPage, questionOf } from './pages/QuizPage.ts';
import { caseQuery, loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { findingHome, loadCaseAnnotations } from './pages/TeachingPage.ts';

const sample = loadSampleCase();
const annotations = loadCaseAnnotations();
const quiz = loadCaseQuiz();
const total = quiz.questions.length;
const ct = seriesOf(sample, 'CT');
const screens = resolve(import.meta.dirname, '../test-results/screens');

/** The middle of the largest loculus's fluid–calcium level (level-1), on its own slice. */
const level1 = annotations.annotations.find((a) => a.id === 'level-1');
if (level1?.space !== 'patient') throw new Error('level-1 is not a patient-space annotation');
const [a, b] = level1.points as readonly WorldPoint[];
if (!a || !b) throw new Error('level-1 has no end points');
const levelMid = worldPoint((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2);
const levelSlice = findingHome(annotations, sample.manifest, 'level-1').imageIndex;
/** The level's point moved onto another CT slice (same x, y). */
const onSlice = (p: WorldPoint, imageIndex: number): WorldPoint => {
  const z = ct.instances[imageIndex]?.ImagePositionPatient?.[2];
  if (z === undefined) throw new Error(`no CT slice ${imageIndex}`);
  return worldPoint(p[0], p[1], z);
};

const supernatant = questionOf(quiz, 'measure-supernatant', 'measure');
const calcium = questionOf(quiz, 'measure-calcium', 'measure');
const roiCentre = (q: typeof supernatant): WorldPoint => {
  const c = q.answerRoi?.centreMm;
  if (!c) throw new Error(`${q.id} has no answer ROI`);
  return worldPoint(c[0], c[1], c[2]);
};

/** Answers the first question with a click somewhere and the second with its right option. */
async function answerFirstTwo(quizPage: QuizPage): Promise<void> {
  await quizPage.clickAnswer(levelMid);
  await quizPage.next();
  await quizPage.waitForQuestion(2, total);
  await quizPage.choose(['settled-calcium']);
  await quizPage.next();
  await quizPage.waitForQuestion(3, total);
}

test('locate: the level scores on its slice and the neighbouring one; 20 mm away does not', async ({
  page,
}) => {
  const quizPage = new QuizPage(page);
  await quizPage.openWithQuiz();
  await quizPage.openQuiz();
  await quizPage.waitForQuestion(1, total);
  // The question opens on the level's own slice with the overlays hidden (the answer is not shown).
  await quizPage.waitForImageIndex(0, levelSlice);
  expect((await quizPage.viewState()).visibleCategories).toEqual([]);

  await quizPage.clickAnswer(levelMid);
  await expect(quizPage.feedback()).toHaveAttribute('data-correct', 'true');
  await expect(quizPage.verdict()).toHaveText(/^Right: on Fluid–calcium level, loculus 1\./);
  // The feedback reveals the finding.
  const shown = await quizPage.viewState();
  expect(shown.visibleCategories).toContain('fluid-calcium-level');
  expect(shown.highlightedFinding).toBe('level-1');
  // Its text sections, one click away: the case text scrolls to one (the panels stay where they are). The
  // highlighted level already brought its findings section into view; the mechanism's is further down.
  const heading = quizPage.textSection('pathophysiology').locator('h2, h3').first();
  await expect(heading).not.toBeInViewport();
  await page.getByTestId('quiz-section-pathophysiology').click();
  await expect(heading).toBeFocused();
  await expect(heading).toBeInViewport();
  expect(await page.locator('.side-panels').evaluate((el) => el.scrollTop)).toBe(0);
  const first = await quizPage.storedProgress();
  expect(first?.answers['locate-level']).toMatchObject({
    correct: true,
    click: { SOPInstanceUID: ct.instances[levelSlice]?.SOPInstanceUID },
  });

  // The neighbouring slice (1.25 mm away: within the question's 2.5 mm).
  await page.getByTestId('quiz-start-over').click();
  await quizPage.waitForQuestion(1, total);
  await quizPage.goToImage(0, levelSlice + 1);
  await quizPage.clickAnswer(onSlice(levelMid, levelSlice + 1));
  await expect(quizPage.feedback()).toHaveAttribute('data-correct', 'true');
  const neighbour = await quizPage.storedProgress();
  const hit = neighbour?.answers['locate-level'];
  expect(hit?.kind === 'locate' && hit.click.SOPInstanceUID).toBe(
    ct.instances[levelSlice + 1]?.SOPInstanceUID,
  );
  expect(hit?.kind === 'locate' && hit.hit.nearest?.throughPlaneMm).toBeCloseTo(1.25, 2);

  // 20 mm posterior of the level, on its own slice: no level is that close.
  await page.getByTestId('quiz-start-over').click();
  await quizPage.waitForQuestion(1, total);
  await quizPage.waitForImageIndex(0, levelSlice);
  await quizPage.clickAnswer(worldPoint(levelMid[0], levelMid[1] + 20, levelMid[2]));
  await expect(quizPage.feedback()).toHaveAttribute('data-correct', 'false');
  await expect(quizPage.verdict()).toHaveText(/Not quite: 20 mm from Fluid–calcium level, loculus 1/);
  // A wrong locate answer goes to the finding's image and highlights it.
  await expect.poll(async () => (await quizPage.viewState()).highlightedFinding).toBe('level-1');
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: resolve(screens, 'quiz-locate-wrong.png') });
});

test('a drag with the W/L tool is no answer; the keyboard cross-hair is', async ({ page }) => {
  const quizPage = new QuizPage(page);
  await quizPage.openWithQuiz();
  await quizPage.openQuiz();
  await quizPage.waitForQuestion(1, total);
  await quizPage.waitForImageIndex(0, levelSlice);
  // Dragging still windows the image and answers nothing.
  const voi = (await quizPage.state(0)).voi;
  const box = await quizPage.element(0).boundingBox();
  if (!box) throw new Error('viewport 0 is not visible');
  await quizPage.dragCanvas(0, [box.width / 2, box.height / 2], [box.width / 2 + 60, box.height / 2 + 30]);
  await expect.poll(async () => (await quizPage.state(0)).voi).not.toBe(voi);
  // A drag out and back to where it started is a drag too (the window comes back with it).
  const renders = (await quizPage.state(0)).renderCount;
  const [px, py] = await quizPage.pagePoint(0, [box.width / 2, box.height / 2]);
  await page.mouse.move(px, py);
  await page.mouse.down();
  await page.mouse.move(px + 40, py - 40, { steps: 5 });
  await page.mouse.move(px, py, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await quizPage.state(0)).renderCount).toBeGreaterThan(renders);
  await expect(quizPage.feedback()).toHaveCount(0);

  // Keys only: the first arrow shows the cross-hair in the middle of the image, then 5 mm and 1 mm steps.
  await page.keyboard.press('ArrowRight');
  await expect(quizPage.crosshair(0)).toHaveCount(1);
  const centre = await page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-testid="viewport-element-0"]');
    const w = window as unknown as {
      __casebook: { canvasToWorld(i: number, p: readonly number[]): number[] | null };
    };
    return el ? w.__casebook.canvasToWorld(0, [el.clientWidth / 2, el.clientHeight / 2]) : null;
  });
  if (!centre) throw new Error('no centre');
  // Screen right is the patient's left (+x), screen down posterior (+y) on this axial CT. One 1 mm step
  // right was taken already.
  const dx = levelMid[0] - (centre[0] ?? 0) - 1;
  const dy = levelMid[1] - (centre[1] ?? 0);
  const press = async (key: string, mm: number) => {
    const fives = Math.floor(Math.abs(mm) / 5);
    const ones = Math.round(Math.abs(mm) - 5 * fives);
    for (let i = 0; i < fives; i++) await page.keyboard.press(`Shift+${key}`);
    for (let i = 0; i < ones; i++) await page.keyboard.press(key);
  };
  await press(dx >= 0 ? 'ArrowRight' : 'ArrowLeft', dx);
  await press(dy >= 0 ? 'ArrowDown' : 'ArrowUp', dy);
  // The arrows moved the cross-hair, not the slices.
  expect((await quizPage.state(0)).imageIndex).toBe(levelSlice);
  const [tx, ty] = await quizPage.worldToCanvas(0, levelMid);
  const cross = await quizPage.markerPosition(quizPage.crosshair(0));
  // Within a millimetre (the zoomed view: a few CSS px per mm).
  const pxPerMm = Math.abs(
    (await quizPage.worldToCanvas(0, worldPoint(levelMid[0] + 1, levelMid[1], levelMid[2])))[0] - tx,
  );
  expect(Math.hypot(cross.data[0] - tx, cross.data[1] - ty)).toBeLessThan(1.5 * pxPerMm);
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: resolve(screens, 'quiz-crosshair.png') });
  await page.keyboard.press('Enter');
  await expect(quizPage.feedback()).toHaveAttribute('data-correct', 'true');
  await expect(quizPage.verdict()).toBeFocused();
  await expect(quizPage.crosshair(0)).toHaveCount(0);
  // Tab goes from the verdict through the feedback's links to Next; Enter there goes on.
  const next = page.getByTestId('quiz-next');
  for (let i = 0; i < 12 && !(await next.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(next).toBeFocused();
  await page.keyboard.press('Enter');
  await quizPage.waitForQuestion(2, total);
});

test('choose: a wrong option shows its feedback; measure: the supernatant passes, the calcium fails', async ({
  page,
}) => {
  const quizPage = new QuizPage(page);
  await quizPage.openWithQuiz();
  await quizPage.openQuiz();
  await quizPage.clickAnswer(levelMid);
  await quizPage.next();
  await quizPage.waitForQuestion(2, total);
  await quizPage.choose(['haematocrit']);
  await expect(quizPage.feedback()).toHaveAttribute('data-correct', 'false');
  const option = quizPage.feedback().locator('[data-option-id="haematocrit"]');
  await expect(option).toContainText('A haematocrit level separates blood cells');
  await expect(quizPage.feedback()).toContainText(
    'The answer: Calcium crystals settled under a serous fluid',
  );
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: resolve(screens, 'quiz-choose-feedback.png') });
  await quizPage.next();

  // Measure the supernatant: an ROI in the fluid on top.
  await quizPage.waitForQuestion(3, total);
  await expect.poll(async () => (await quizPage.viewState()).primaryTool).toBe('EllipticalROI');
  await quizPage.measureAt(roiCentre(supernatant), 3);
  await expect(quizPage.feedback()).toHaveAttribute('data-correct', 'true');
  await expect(quizPage.verdict()).toHaveText(/^Right: Mean -?\d+\.\d HU: within -10 to 30 HU\./);
  await page.screenshot({ path: resolve(screens, 'quiz-measure-right.png') });

  // The same question answered with an ROI in the calcium: out of range.
  await page.getByTestId('quiz-start-over').click();
  await answerFirstTwo(quizPage);
  await quizPage.measureAt(roiCentre(calcium), 3);
  await expect(quizPage.feedback()).toHaveAttribute('data-correct', 'false');
  await expect(quizPage.verdict()).toHaveText(/^Not quite: Mean \d+\.\d HU: outside -10 to 30 HU\./);
  const stored = await quizPage.storedProgress();
  const answer = stored?.answers['measure-supernatant'];
  expect(answer?.kind === 'measure' && answer.roi.mean).toBeGreaterThan(300);
});

test('the whole quiz: the score, a reload keeps progress, the review draws each click on its image', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const quizPage = new QuizPage(page);
  await quizPage.openWithQuiz();
  await quizPage.openQuiz();
  // 1 right, 2 wrong, 3 right, 4 right.
  await quizPage.clickAnswer(levelMid);
  await quizPage.next();
  await quizPage.choose(['haematocrit']);
  await quizPage.next();
  await quizPage.measureAt(roiCentre(supernatant), 3);
  await quizPage.next();
  await quizPage.waitForQuestion(4, total);
  await quizPage.measureAt(roiCentre(calcium), 3);
  await expect(quizPage.feedback()).toHaveAttribute('data-correct', 'true');
  await quizPage.next();

  // 5: the osteolysis, inside its outline (right).
  await quizPage.waitForQuestion(5, total);
  const lysis = findingHome(annotations, sample.manifest, 'pubic-osteolysis');
  await quizPage.waitForImageIndex(0, lysis.imageIndex);
  await quizPage.clickAnswer(lysis.centre as WorldPoint);
  await expect(quizPage.feedback()).toHaveAttribute('data-correct', 'true');
  await quizPage.next();

  // 6: the radiograph's cluster (pixel space), with the cross-hair keys: 5 mm steps scaled by PixelSpacing.
  await quizPage.waitForQuestion(6, total);
  await quizPage.waitForImage(0, 'dx-pelvis-ap');
  const cluster = findingHome(annotations, sample.manifest, 'cluster-xr');
  const dx = seriesOf(sample, 'DX');
  const target = await quizPage.imageToCanvas(0, imagePoint(cluster.centre[0], cluster.centre[1]));
  const next = await quizPage.imageToCanvas(0, imagePoint(cluster.centre[0] + 1, cluster.centre[1]));
  const canvasPxPerMm = (next[0] - target[0]) / dx.PixelSpacing[1];
  await page.keyboard.press('ArrowDown');
  const start = (await quizPage.markerPosition(quizPage.crosshair(0))).data;
  const steps = (px: number) => Math.round(px / canvasPxPerMm / 5);
  const right = steps(target[0] - start[0]);
  const down = steps(target[1] - start[1]);
  for (let i = 0; i < Math.abs(right); i++)
    await page.keyboard.press(right > 0 ? 'Shift+ArrowRight' : 'Shift+ArrowLeft');
  for (let i = 0; i < Math.abs(down); i++)
    await page.keyboard.press(down > 0 ? 'Shift+ArrowDown' : 'Shift+ArrowUp');
  const moved = (await quizPage.markerPosition(quizPage.crosshair(0))).data;
  // Each 5 mm step moved the cross-hair 5 mm of the radiograph.
  expect(Math.abs(moved[0] - start[0] - right * 5 * canvasPxPerMm)).toBeLessThan(0.5);
  expect(Math.abs(moved[1] - start[1] - down * 5 * canvasPxPerMm)).toBeLessThan(0.5);
  await page.keyboard.press('Enter');
  await expect(quizPage.feedback()).toHaveAttribute('data-correct', 'true');
  await quizPage.next();

  // 7 right; then a reload: the quiz resumes at question 8 with the seven answers kept.
  await quizPage.choose(['beam-face-on']);
  await quizPage.next();
  await quizPage.waitForQuestion(8, total);
  const before = await quizPage.storedProgress();
  await page.reload();
  await quizPage.waitForImage(0);
  await expect(page.getByTestId('quiz-open')).toHaveText('Resume the quiz');
  await quizPage.openQuiz();
  await quizPage.waitForQuestion(8, total);
  expect(await quizPage.storedProgress()).toEqual(before);

  // 8 right, 9 right (both right options), 10 wrong, 11 right.
  await quizPage.choose(['uremic-tc']);
  await quizPage.next();
  await quizPage.choose(['levels', 'dialysis']);
  await expect(quizPage.feedback()).toHaveAttribute('data-correct', 'true');
  await quizPage.next();
  await quizPage.choose(['low-phosphate']);
  await quizPage.next();
  await quizPage.choose(['binders', 'dialysate', 'ptx']);
  await quizPage.next();

  const score = page.getByTestId('quiz-score');
  await expect(score).toHaveText(`Score: 9 / ${total}`);
  await expect(score).toBeFocused();
  const marks = await page
    .getByTestId('quiz-score-list')
    .locator('li')
    .evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.correct));
  expect(marks).toEqual([
    'true',
    'false',
    'true',
    'true',
    'true',
    'true',
    'true',
    'true',
    'true',
    'false',
    'true',
  ]);

  // Review: the CT clicks (questions 1 and 5) and ROI centres (3 and 4), all on the key image, drawn where
  // the stored points map, beside the two right regions of the measure questions.
  await page.getByTestId('quiz-review-button').click();
  await expect(page.getByTestId('quiz-review')).toBeVisible();
  // The questions are over: the ROI tool the measure questions picked gives way to W/L again.
  expect((await quizPage.viewState()).primaryTool).toBe('WindowLevel');
  const progress = await quizPage.storedProgress();
  await page.getByTestId('quiz-review-show-locate-level').click();
  await quizPage.waitForImage(0, ct.key);
  await quizPage.waitForImageIndex(0, levelSlice);
  await expect(quizPage.clickMarkers(0)).toHaveCount(4);
  await expect(quizPage.cell(0).getByTestId('quiz-region')).toHaveCount(2);
  for (const id of ['locate-level', 'locate-osteolysis', 'measure-supernatant', 'measure-calcium']) {
    const answer = progress?.answers[id];
    const world =
      answer?.kind === 'locate' ? answer.click.world : answer?.kind === 'measure' ? answer.roi.centre : null;
    if (!world) throw new Error(`no stored point for ${id}`);
    const expected = await quizPage.worldToCanvas(0, world);
    const marker = quizPage.clickMarkers(0).and(page.locator(`[data-pin-id="${id}"]`));
    const at = await quizPage.markerPosition(marker);
    expect(Math.hypot(at.drawn[0] - expected[0], at.drawn[1] - expected[1])).toBeLessThan(1.5);
  }
  const region = quizPage.cell(0).locator('[data-pin-id="measure-supernatant:answer"]');
  const regionAt = await quizPage.markerPosition(region);
  const regionCentre = await quizPage.worldToCanvas(0, roiCentre(supernatant));
  expect(Math.hypot(regionAt.drawn[0] - regionCentre[0], regionAt.drawn[1] - regionCentre[1])).toBeLessThan(
    1.5,
  );
  // Beside the target's overlay: the level is drawn on this image.
  await expect.poll(async () => quizPage.drawnFindings(0)).toContain('level-1');
  // Another slice: the clicks are not drawn there; back on the key image they are, following a zoom.
  await quizPage.goToImage(0, levelSlice + 6);
  await expect(quizPage.clickMarkers(0)).toHaveCount(0);
  await quizPage.goToImage(0, levelSlice);
  await expect(quizPage.clickMarkers(0)).toHaveCount(4);
  await page.screenshot({ path: resolve(screens, 'quiz-review-ct.png') });

  // The radiograph click, on the radiograph.
  await page.getByTestId('quiz-review-show-locate-radiograph').click();
  await quizPage.waitForImage(0, 'dx-pelvis-ap');
  await expect(quizPage.clickMarkers(0)).toHaveCount(1);
  const dxAnswer = progress?.answers['locate-radiograph'];
  if (dxAnswer?.kind !== 'locate' || !dxAnswer.click.image) throw new Error('no stored radiograph click');
  const expected = await quizPage.imageToCanvas(
    0,
    imagePoint(dxAnswer.click.image[0], dxAnswer.click.image[1]),
  );
  const at = await quizPage.markerPosition(quizPage.clickMarkers(0));
  expect(Math.hypot(at.drawn[0] - expected[0], at.drawn[1] - expected[1])).toBeLessThan(1.5);
  // Centred on the click, in the radiograph's own window (not the CT's).
  const box = await quizPage.element(0).boundingBox();
  if (!box) throw new Error('viewport 0 is not visible');
  expect(Math.abs(at.drawn[0] - box.width / 2)).toBeLessThan(box.width / 4);
  expect(Math.abs(at.drawn[1] - box.height / 2)).toBeLessThan(box.height / 4);
  expect((await quizPage.viewState()).viewports[0]?.voi).toBeUndefined();
  await page.screenshot({ path: resolve(screens, 'quiz-review-dx.png') });
});

test('a malformed quiz file is named with its problems and the images still scroll', async ({ page }) => {
  await page.route('**/broken.quiz.json', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        schemaVersion: 1,
        caseId: 'tumoral-calcinosis-pubis',
        title: 'Broken',
        questions: [{ id: 'q1', kind: 'locate', prompt: 'Click', explanation: 'x', targets: [] }],
      }),
    }),
  );
  const quizPage = new QuizPage(page);
  await quizPage.openWithQuiz('broken.quiz.json');
  const problems = page.getByTestId('problems');
  await expect(problems).toContainText('broken.quiz.json');
  await expect(problems).toContainText('toleranceMm');
  await expect(page.getByText('The quiz could not be loaded')).toBeVisible();
  await expect(quizPage.toggle()).toHaveCount(0);
  // The images still scroll.
  const at = (await quizPage.state(0)).imageIndex;
  await quizPage.hover(0);
  await page.mouse.wheel(0, 100);
  await expect.poll(async () => (await quizPage.state(0)).imageIndex).not.toBe(at);
});

test('a hostile quiz file cannot run script; its markup is inert', async ({ page }) => {
  const hostile = {
    ...quiz,
    questions: [
      {
        ...questionOf(quiz, 'diagnosis', 'choose'),
        prompt: 'Pick <img src=x onerror="window.__quizPwned=1"> one <script>window.__quizPwned=2</script>',
        explanation: '[link](javascript:window.__quizPwned=3) <iframe src="javascript:1"></iframe>',
        options: questionOf(quiz, 'diagnosis', 'choose').options.map((o) => ({
          ...o,
          text: `<img src=x onerror="window.__quizPwned=4">${o.text}`,
          feedback: `<svg onload="window.__quizPwned=5"></svg>${o.feedback}`,
        })),
      },
    ],
  };
  await page.route('**/hostile.quiz.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify(hostile) }),
  );
  const quizPage = new QuizPage(page);
  await quizPage.openWithQuiz('hostile.quiz.json');
  await quizPage.openQuiz();
  await quizPage.choose([hostile.questions[0]?.options[1]?.id ?? '']);
  await expect(quizPage.panel().locator('img, script, iframe, svg')).toHaveCount(0);
  await expect(quizPage.panel()).toContainText('<img src=x onerror="window.__quizPwned=4">');
  expect(
    await page.evaluate(() => (window as unknown as { __quizPwned?: number }).__quizPwned),
  ).toBeUndefined();
});

test('learners keep their own progress; axe finds nothing serious in the quiz panel', async ({ page }) => {
  const quizPage = new QuizPage(page);
  await quizPage.openWithQuiz();
  await quizPage.openQuiz();
  await quizPage.clickAnswer(levelMid);
  await quizPage.next();
  await quizPage.waitForQuestion(2, total);

  // Another learner starts afresh; the first one's progress waits for them.
  const learner = page.getByTestId('quiz-learner');
  await learner.fill('Ana');
  await learner.press('Tab');
  await quizPage.waitForQuestion(1, total);
  await expect(quizPage.feedback()).toHaveCount(0);
  expect(await quizPage.storedProgress('Ana')).toBeNull();
  await learner.fill('me');
  await learner.press('Tab');
  await quizPage.waitForQuestion(2, total);
  expect((await quizPage.storedProgress('me'))?.answers['locate-level']?.correct).toBe(true);

  // The choose question with its feedback: no serious or critical violation in the panel.
  await quizPage.choose(['haematocrit']);
  const results = await new AxeBuilder({ page }).include('[data-testid="quiz-panel"]').analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
});

test('in an unknown case an answer reveals the findings it shows (the overlay is drawn)', async ({
  page,
}) => {
  const quizPage = new QuizPage(page);
  await page.goto(`/${caseQuery}#view=2&reveal=history`);
  await quizPage.waitForImage(0);
  await quizPage.waitForTools(0);
  await quizPage.openQuiz();
  await quizPage.waitForQuestion(1, total);
  await quizPage.waitForImageIndex(0, levelSlice);
  expect(await quizPage.drawnFindings(0)).toEqual([]);
  await quizPage.clickAnswer(levelMid);
  await expect(quizPage.feedback()).toHaveAttribute('data-correct', 'true');
  await expect.poll(async () => (await quizPage.viewState()).reveal).toBe('findings');
  await expect.poll(async () => quizPage.drawnFindings(0)).toContain('level-1');
});

test('a case without a quiz has no quiz control and no message', async ({ page }) => {
  await page.route('**/missing.quiz.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
  const quizPage = new QuizPage(page);
  await quizPage.openWithQuiz('missing.quiz.json');
  // The quiz loads after the rest of the teaching layer: wait until its step is over, then look.
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByName('casebook:quiz-ready').length))
    .toBe(1);
  await page.keyboard.press('q');
  await expect(quizPage.toggle()).toHaveCount(0);
  await expect(quizPage.panel()).toHaveCount(0);
  await expect(page.getByTestId('problems')).toBeHidden();
});
