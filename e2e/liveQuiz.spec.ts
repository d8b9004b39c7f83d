/**
 * The live quiz (issue 14), end to end against the build served with the session server, at
 * devicePixelRatio 1 and 2: a teacher and two students. The teacher asks a locate question; each student
 * clicks another spot of their own image (and keeps following); the teacher's panel counts 2 and the heat
 * map has paint at both clicks' projected canvas positions and nowhere else, none on a slice far away. A
 * choose question: bars count the students' options; a student who reloads still has one answer (the
 * count stays 2); the reveal shows each student their own verdict. A student's own tour detaches them; J
 * follows again and stops it. End session: the students' banner says it ended, and the link no longer
 * joins. Waits on DOM state (data-state, counts) and the app's diagnostics only.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import type { CasebookWindow } from '../src/model/CasebookDiagnostics.ts';
import { canvasPoint, type WorldPoint, worldPoint } from '../src/model/geometry.ts';
import { LivePage, openStudent } from './pages/LivePage.ts';
import { caseQuery } from './pages/sampleCase.ts';

const screens = resolve(import.meta.dirname, '../test-results/screens');

/**
 * The teacher reveals the open question; student A sees a right verdict, B a wrong one.
 * @param teacherPage - the teacher's page
 * @param a - the student who answered right
 * @param b - the student who answered wrong
 */
async function revealTo(teacherPage: Page, a: { live: LivePage }, b: { live: LivePage }): Promise<void> {
  await teacherPage.getByTestId('live-quiz-reveal').click();
  await expect(teacherPage.getByTestId('live-quiz-open')).toHaveAttribute('data-state', 'revealed');
  for (const [s, correct] of [
    [a, 'true'],
    [b, 'false'],
  ] as const) {
    await s.live.waitForCard('revealed');
    await expect(s.live.quizCard().getByTestId('quiz-feedback')).toHaveAttribute('data-correct', correct);
  }
}

/** The patient point under a canvas fraction of a student's viewport 0. */
async function worldAt(
  student: LivePage,
  fx: number,
  fy: number,
): Promise<{ world: WorldPoint; at: [number, number] }> {
  const box = await student.element(0).boundingBox();
  if (!box) throw new Error('viewport 0 has no box');
  const at: [number, number] = [box.width * fx, box.height * fy];
  const world = await student.page.evaluate(
    (p) => (window as unknown as CasebookWindow).__casebook.canvasToWorld(0, p),
    canvasPoint(at[0], at[1]),
  );
  if (!world) throw new Error('the student viewport cannot map canvas points');
  return { world, at };
}

for (const dpr of [1, 2]) {
  test(`a live quiz at devicePixelRatio ${dpr}: clicks as a heat map, bars, a reload, the reveal, a student's own tour, End session`, async ({
    browser,
  }) => {
    test.setTimeout(240_000);
    mkdirSync(screens, { recursive: true });
    const teacherContext = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      deviceScaleFactor: dpr,
    });
    const teacher = new LivePage(await teacherContext.newPage());
    const page = teacher.page;
    await teacher.openWithTours(caseQuery);
    await teacher.waitForTools(0);
    const link = await teacher.startSession();
    await expect(teacher.liveQuiz()).toBeVisible();
    const a = await openStudent(browser, link, {
      viewport: { width: 1300, height: 850 },
      deviceScaleFactor: dpr,
    });
    const b = await openStudent(browser, link, {
      viewport: { width: 1300, height: 850 },
      deviceScaleFactor: dpr,
    });
    try {
      await expect(teacher.presence()).toHaveText('2 following · 0 exploring on their own');

      // A locate question: it opens on the teacher's screen, so on the students' too.
      await teacher.askTheClass('locate-level');
      await expect(teacher.answered()).toHaveText('0 of 2 students answered');
      for (const s of [a, b]) {
        await s.live.waitForCard('open');
        await expect
          .poll(async () => (await s.live.viewState()).viewports[0]?.camera?.zoom)
          .toBe((await teacher.viewState()).viewports[0]?.camera?.zoom);
      }
      await a.page.screenshot({ path: resolve(screens, `live-quiz-student-open-dpr${dpr}.png`) });

      // Each student clicks another spot of the image (a click with the W/L tool, not a drag): A on the
      // fluid–calcium level of loculus 1 (the middle of its line), B above the loculi.
      const clicks: WorldPoint[] = [];
      for (const [s, spot] of [
        [a, worldPoint(42, -78.5, -27.5)],
        [b, [0.6, 0.42]],
      ] as const) {
        await s.live.waitForTools(0);
        const { world, at } =
          spot.length === 3
            ? { world: spot, at: await s.live.worldToCanvas(0, spot) }
            : await worldAt(s.live, spot[0], spot[1]);
        const [x, y] = await s.live.pagePoint(0, at);
        await s.page.mouse.click(x, y);
        await s.live.waitForCard('sent');
        await expect(s.page.getByTestId('live-quiz-sent')).toContainText('Answer sent');
        // Answering is not exploring: the student still follows.
        expect((await s.live.live()).following).toBe(true);
        clicks.push(world);
      }
      await expect(teacher.answered()).toHaveText('2 of 2 students answered');
      const heat = page.getByTestId('live-heat-map-0');
      await expect(heat).toHaveAttribute('data-on', '2');
      await expect(heat).toHaveAttribute('data-dpr', String(dpr));
      await expect(page.getByTestId('live-heat-label-0')).toHaveText('2 here · 0 off this slice');
      const box = await teacher.element(0).boundingBox();
      if (!box) throw new Error('no teacher viewport box');
      const onClicks = await Promise.all(clicks.map((w) => teacher.worldToCanvas(0, w)));
      const far: Array<readonly [number, number]> = [
        [box.width * 0.05, box.height * 0.05],
        [box.width * 0.95, box.height * 0.05],
        [box.width * 0.05, box.height * 0.95],
        [box.width * 0.95, box.height * 0.95],
      ];
      await expect
        .poll(async () => (await teacher.heatAlpha(0, onClicks)).every((alpha) => alpha > 100), {
          message: "paint at both students' clicks",
        })
        .toBe(true);
      expect(await teacher.heatAlpha(0, far), 'no paint far from the clicks').toEqual([0, 0, 0, 0]);
      await page.screenshot({ path: resolve(screens, `live-quiz-teacher-heat-dpr${dpr}.png`) });

      // Far from the clicks' slice, none is drawn: both are counted off it.
      await teacher.toggle().click();
      await teacher.element(0).focus();
      const index = (await teacher.viewState()).viewports[0]?.imageIndex ?? 0;
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
      await teacher.waitForImageIndex(0, index + 5);
      await expect(heat).toHaveAttribute('data-on', '0');
      await expect(page.getByTestId('live-heat-label-0')).toHaveText('0 here · 2 off this slice');
      expect(await teacher.heatAlpha(0, onClicks)).toEqual([0, 0]);
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
      await teacher.waitForImageIndex(0, index);
      await expect(heat).toHaveAttribute('data-on', '2');

      // The reveal: A's click is on the level (right), B's is not; each sees their own, the finding shown.
      await teacher.toggle().click();
      await revealTo(page, a, b);
      for (const [s, correct] of [
        [a, 'true'],
        [b, 'false'],
      ] as const) {
        await expect(s.page.getByTestId('quiz-click-marker')).toHaveClass(
          new RegExp(correct === 'true' ? 'right' : 'wrong'),
        );
        await expect.poll(async () => (await s.live.viewState()).highlightedFinding).toBe('level-1');
        expect((await s.live.live()).following).toBe(true);
      }
      await a.page.screenshot({ path: resolve(screens, `live-quiz-student-locate-revealed-dpr${dpr}.png`) });

      // A choose question: a bar per option counts the students' choices.
      await teacher.askTheClass('sedimentation-meaning');
      await expect(heat).toHaveCount(0);
      await expect(teacher.answered()).toHaveText('0 of 2 students answered');
      for (const [s, option] of [
        [a, 'settled-calcium'],
        [b, 'haematocrit'],
      ] as const) {
        await s.live.waitForCard('open');
        await s.page.getByTestId(`quiz-option-${option}`).check();
        await s.page.getByTestId('live-quiz-submit').click();
        await s.live.waitForCard('sent');
      }
      await expect(teacher.answered()).toHaveText('2 of 2 students answered');
      await expect(page.getByTestId('live-quiz-bar-settled-calcium')).toHaveAttribute('data-count', '1');
      await expect(page.getByTestId('live-quiz-bar-haematocrit')).toHaveAttribute('data-count', '1');
      await expect(page.getByTestId('live-quiz-bar-settled-calcium')).toHaveAttribute(
        'data-correct',
        'false',
      );

      // Student B reloads: still sent (this tab's answer); a changed answer replaces theirs, the count stays 2.
      await b.page.reload();
      await b.live.waitForBanner('following');
      await b.live.waitForCard('sent');
      await expect(b.page.getByTestId('quiz-option-haematocrit')).toBeChecked();
      await b.page.getByTestId('quiz-option-fat-fluid').check();
      await b.page.getByTestId('live-quiz-submit').click();
      await expect(page.getByTestId('live-quiz-bar-fat-fluid')).toHaveAttribute('data-count', '1');
      await expect(page.getByTestId('live-quiz-bar-haematocrit')).toHaveAttribute('data-count', '0');
      await expect(teacher.answered()).toHaveText('2 of 2 students answered');
      // The teacher reloads: presenting again, the open question and every answer so far come back.
      await page.reload();
      await teacher.waitForImage(0);
      await expect(teacher.toggle()).toHaveAttribute('aria-pressed', 'true');
      await teacher.toggle().click();
      await expect(page.getByTestId('live-quiz-open')).toHaveAttribute('data-state', 'open');
      await expect(teacher.answered()).toHaveText('2 of 2 students answered');
      await expect(page.getByTestId('live-quiz-bar-settled-calcium')).toHaveAttribute('data-count', '1');
      await expect(page.getByTestId('live-quiz-bar-fat-fluid')).toHaveAttribute('data-count', '1');
      await page
        .getByTestId('live-quiz')
        .screenshot({ path: resolve(screens, `live-quiz-teacher-bars-dpr${dpr}.png`) });
      await b.page.screenshot({ path: resolve(screens, `live-quiz-student-sent-dpr${dpr}.png`) });

      // The reveal: each student sees their own verdict; the right option is marked for the teacher.
      await revealTo(page, a, b);
      await expect(page.getByTestId('live-quiz-bar-settled-calcium')).toHaveAttribute('data-correct', 'true');
      await a.page.screenshot({ path: resolve(screens, `live-quiz-student-revealed-dpr${dpr}.png`) });
      await b.live.quizCard().screenshot({ path: resolve(screens, `live-quiz-student-wrong-dpr${dpr}.png`) });
      await page
        .getByTestId('live-quiz')
        .screenshot({ path: resolve(screens, `live-quiz-teacher-revealed-dpr${dpr}.png`) });
      // A late answer is refused by the server: the card stays as it is.
      await page.getByTestId('live-quiz-close').click();
      for (const s of [a, b]) await s.live.waitForCard('none');

      // A student's own tour would fight the teacher's views: playing it detaches; J follows again, tour gone.
      await a.page.keyboard.press('t');
      await a.live.waitForBanner('detached');
      await expect(teacher.presence()).toHaveText('1 following · 1 exploring on their own');
      await a.live.element(0).focus();
      await a.page.keyboard.press('j');
      await a.live.waitForBanner('following');
      await expect(a.live.bar()).toBeHidden();

      // End session: every student is told; the link no longer joins.
      await page.getByTestId('live-end').click();
      for (const s of [a, b]) {
        await s.live.waitForBanner('problem');
        await expect(s.live.banner()).toContainText(
          'The live session has ended: The teacher ended this live session',
        );
      }
      await expect(teacher.toggle()).toHaveAttribute('aria-pressed', 'false');
      await a.page.goto('about:blank');
      await a.page.goto(link);
      await a.live.waitForBanner('problem');
      await expect(a.live.banner()).toContainText('ended');
    } finally {
      await a.context.close();
      await b.context.close();
      await teacherContext.close();
    }
  });
}
