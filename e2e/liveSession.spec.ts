/**
 * The live class (issue 14), end to end against the build served with the session server: a teacher and
 * two students (one in a smaller window). The teacher scrolls, windows, zooms, toggles a category and
 * steps through the tour; each student's view state equals the teacher's and the pixels match. A student
 * detaches, sees the banner, presses J and lands on the teacher's view; a student who reloads rejoins; a
 * forged presenter message from a student page changes nothing for the other; the teacher's count follows.
 * A static copy (no session server) says so. Waits on DOM state and the app's diagnostics only.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import type { CasebookWindow } from '../src/model/CasebookDiagnostics.ts';
import { canvasPoint, type WorldPoint } from '../src/model/geometry.ts';
import { LivePage, openStudent } from './pages/LivePage.ts';
import { roundedView } from './pages/roundedView.ts';
import { caseQuery, loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { seriousViolations } from './pages/seriousViolations.ts';
import { type StaticServer, startStaticServer } from './pages/staticServer.ts';

const sample = loadSampleCase();
const ct = seriesOf(sample, 'CT');
const screens = resolve(import.meta.dirname, '../test-results/screens');
const dist = resolve(process.env.E2E_DIST ?? 'dist');

/** Waits until the student's view equals the teacher's (within the coalescing delay and the render). */
async function expectFollows(student: LivePage, teacher: LivePage, what: string): Promise<void> {
  const wanted = roundedView(await teacher.viewState());
  await expect
    .poll(async () => roundedView(await student.viewState()), {
      message: `${what}: the student follows`,
      timeout: 5000,
    })
    .toEqual(wanted);
}

/**
 * Waits until the student's canvas shows what the teacher's does at the same patient points (a 5 × 5 grid
 * over the middle of the teacher's viewport, mapped through each page's own camera: the viewports differ
 * in size, by the window or by the tour bar and the banner, so the image is drawn at another scale). Each
 * student sample (a 3 × 3 px mean) must lie within a few grey levels of the range of the teacher's 7 × 7 px
 * around the same point: at an edge a scale change moves the mean, not outside what is there.
 */
async function expectSamePixels(student: LivePage, teacher: LivePage, what: string): Promise<void> {
  const view = await teacher.viewState();
  await student.waitForImageIndex(0, view.viewports[0]?.imageIndex ?? -1);
  const box = await teacher.element(0).boundingBox();
  if (!box) throw new Error('viewport 0 has no box');
  const points: Array<{ world: WorldPoint; min: number; max: number }> = [];
  for (let row = 1; row <= 5; row++) {
    for (let col = 1; col <= 5; col++) {
      const [x, y] = [box.width * (0.2 + (0.6 * col) / 6), box.height * (0.2 + (0.6 * row) / 6)];
      const world = await teacher.page.evaluate(
        (p) => (window as unknown as CasebookWindow).__casebook.canvasToWorld(0, p),
        canvasPoint(x, y),
      );
      if (!world) throw new Error('the teacher viewport cannot map canvas points');
      const around = await teacher.pixels(0, { x: x - 3, y: y - 3, w: 7, h: 7 });
      points.push({ world, min: around.min, max: around.max });
    }
  }
  await expect
    .poll(
      async () => {
        let worst = 0;
        for (const { world, min, max } of points) {
          const value = await student.brightnessAt(0, await student.worldToCanvas(0, world), 1);
          worst = Math.max(worst, min - value, value - max);
        }
        return worst;
      },
      { message: `${what}: grey levels outside the teacher's at the same point` },
    )
    .toBeLessThan(4);
}

/** Records every image index viewport 0 shows from now on (window.__seenImages). */
async function recordImages(page: Page): Promise<void> {
  await page.getByTestId('viewport-element-0').evaluate((el: HTMLElement) => {
    const seen: number[] = [];
    (window as unknown as { __seenImages: number[] }).__seenImages = seen;
    new MutationObserver(() => seen.push(Number(el.dataset.imageIndex))).observe(el, {
      attributeFilter: ['data-image-index'],
    });
  });
}

test('a class follows the teacher: view, pixels, detach and J, reload, a forged presenter, the count', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  mkdirSync(screens, { recursive: true });
  const teacher = new LivePage(page);
  await teacher.openWithTours(caseQuery);
  await teacher.waitForTools(0);
  const link = await teacher.startSession();
  expect(new URL(link).hash).toMatch(/^#live=[A-Za-z0-9_-]{10}$/);
  await expect(teacher.presence()).toHaveText('0 following · 0 exploring on their own');
  await teacher.sessionPanel().screenshot({ path: resolve(screens, 'live-teacher-panel.png') });
  await teacher.toggle().click();
  await expect(teacher.sessionPanel()).toBeHidden();

  const a = await openStudent(browser, link, { viewport: { width: 1400, height: 900 } });
  const b = await openStudent(browser, link, { viewport: { width: 1000, height: 700 } });
  try {
    await expect(teacher.presence()).toHaveText('2 following · 0 exploring on their own');
    await expectFollows(a.live, teacher, 'on joining');
    await expectFollows(b.live, teacher, 'on joining (smaller window)');

    // The teacher scrolls, windows and zooms.
    await teacher.element(0).focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('2');
    await expect(teacher.element(0)).toHaveAttribute('data-voi', '2000/500');
    // The zoom tool (Z), dragged on the image.
    await page.keyboard.press('z');
    const box = await teacher.element(0).boundingBox();
    if (!box) throw new Error('no viewport box');
    await teacher.dragCanvas(0, [box.width / 2, box.height / 2], [box.width / 2, box.height / 2 + 80]);
    await expect.poll(async () => (await teacher.viewState()).viewports[0]?.camera?.zoom ?? 1).not.toBe(1);
    for (const student of [a, b]) await expectFollows(student.live, teacher, 'scroll, window, zoom');
    await expect(a.live.element(0)).toHaveAttribute('data-voi', '2000/500');
    await expectSamePixels(a.live, teacher, 'scroll, window, zoom');

    // A category off.
    await teacher.categoryToggle('normal-anatomy').click();
    await expect
      .poll(async () => (await teacher.viewState()).visibleCategories)
      .not.toContain('normal-anatomy');
    for (const student of [a, b]) await expectFollows(student.live, teacher, 'a category off');
    await expectSamePixels(a.live, teacher, 'a category off');
    expect((await a.live.live()).following).toBe(true);
    expect((await b.live.live()).following).toBe(true);
    await a.page
      .getByTestId('live-banner')
      .screenshot({ path: resolve(screens, 'live-student-following.png') });

    // Student A explores alone: the banner says so; the teacher's count changes; A no longer follows.
    await a.live.element(0).focus();
    await a.page.keyboard.press('ArrowUp');
    await a.live.waitForBanner('detached');
    await expect(a.live.banner()).toContainText('You are exploring on your own — Follow the teacher');
    await expect(teacher.presence()).toHaveText('1 following · 1 exploring on their own');
    await a.page.screenshot({ path: resolve(screens, 'live-student-detached.png') });
    const aOwn = (await a.live.viewState()).viewports[0]?.imageIndex;
    await teacher.element(0).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expectFollows(b.live, teacher, 'while A explores');
    expect((await a.live.viewState()).viewports[0]?.imageIndex).toBe(aOwn);
    // J: back to the teacher's view at once.
    await a.page.keyboard.press('j');
    await a.live.waitForBanner('following');
    await expectFollows(a.live, teacher, 'after J');
    await expect(teacher.presence()).toHaveText('2 following · 0 exploring on their own');

    // A forged presenter message from student A's page: student B never shows it.
    const forged = {
      ...(await teacher.viewState()),
    };
    const { sessionId } = await a.live.live();
    await recordImages(b.page);
    await a.live.emitRaw('present', {
      sessionId,
      presenterKey: 'A'.repeat(22),
      view: {
        schemaVersion: 2,
        caseId: forged.caseId,
        layout: '1x1',
        activeViewport: 0,
        primaryTool: 'WindowLevel',
        viewports: [
          {
            image: { seriesKey: ct.key, SOPInstanceUID: ct.instances[1]?.SOPInstanceUID ?? '' },
            invert: true,
            cine: { playing: false, fps: 15 },
          },
        ],
        visibleCategories: [],
        highlightedFinding: null,
        reveal: 'all',
      },
      tourStep: null,
    });
    await page.keyboard.press('ArrowUp');
    await expectFollows(b.live, teacher, 'after a forged presenter message');
    const seen = await b.page.evaluate(() => (window as unknown as { __seenImages: number[] }).__seenImages);
    expect(seen, 'images student B showed').not.toContain(1);
    expect((await b.live.viewState()).viewports[0]?.invert).toBe(false);

    // Student B reloads: rejoins at the teacher's current view.
    await b.page.reload();
    await b.live.waitForBanner('following');
    await expectFollows(b.live, teacher, 'after a reload');
    await expect(teacher.presence()).toHaveText('2 following · 0 exploring on their own');

    // The tour: its steps reach the class, and the banner names the step.
    await page.keyboard.press('t');
    await teacher.waitForStep(0);
    await page.keyboard.press('PageDown');
    await teacher.waitForStep(1);
    for (const student of [a, b]) {
      await expectFollows(student.live, teacher, 'tour step 2');
      // The tour's name and the step, and the step's caption as text (what the teacher's bar shows).
      await expect(student.page.getByTestId('live-banner-detail')).toHaveText(/^Tour: .+ — step 2 of \d+$/);
      const caption = ((await page.getByTestId('tour-caption').textContent()) ?? '').trim();
      expect(caption.length).toBeGreaterThan(10);
      await expect(student.page.getByTestId('live-banner-caption')).toHaveText(caption);
    }
    await expectSamePixels(a.live, teacher, 'tour step 2');
    await expectSamePixels(b.live, teacher, 'tour step 2 (smaller window)');
    await b.page.screenshot({ path: resolve(screens, 'live-student-small-window-tour.png') });
    await page.screenshot({ path: resolve(screens, 'live-teacher-tour.png') });
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test("the teacher's laser pointer: held with '.', on the same anatomy in a student's smaller window, through the student's zoom; released, gone", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  mkdirSync(screens, { recursive: true });
  const teacher = new LivePage(page);
  await teacher.openWithTours(caseQuery);
  await teacher.waitForTools(0);
  const link = await teacher.startSession();
  await teacher.toggle().click();
  const student = await openStudent(browser, link, { viewport: { width: 1000, height: 700 } });
  try {
    await expectFollows(student.live, teacher, 'on joining');
    // A known patient point: the one under 40 % across, 60 % down the teacher's viewport.
    const box = await teacher.element(0).boundingBox();
    if (!box) throw new Error('viewport 0 has no box');
    const world = await page.evaluate(
      (p) => (window as unknown as CasebookWindow).__casebook.canvasToWorld(0, p),
      canvasPoint(box.width * 0.4, box.height * 0.6),
    );
    if (!world) throw new Error('the teacher viewport cannot map canvas points');
    expect(await student.live.pointerDot()).toBeNull();

    await page.keyboard.down('.');
    const [x, y] = await teacher.pagePoint(0, await teacher.worldToCanvas(0, world));
    await page.mouse.move(x - 20, y - 20);
    await page.mouse.move(x, y, { steps: 4 });
    // The student's dot sits on the student's own canvas position of that patient point (another scale).
    await expect
      .poll(async () => student.live.pointerDotDistance(0, await student.live.worldToCanvas(0, world)), {
        message: "the student's dot on the teacher's point",
      })
      .toBeLessThan(2);
    // The teacher sees their own dot there too.
    await expect
      .poll(async () => teacher.pointerDotDistance(0, await teacher.worldToCanvas(0, world)))
      .toBeLessThan(2);
    const mine = await student.live.worldToCanvas(0, world);
    const theirs = await teacher.worldToCanvas(0, world);
    expect(
      Math.hypot(mine[0] - theirs[0], mine[1] - theirs[1]),
      'the windows differ in scale',
    ).toBeGreaterThan(5);
    await student.page.screenshot({ path: resolve(screens, 'live-student-pointer.png') });

    // The student zooms on their own (detached): the dot is redrawn on the same anatomy.
    await student.live.element(0).focus();
    await student.live.waitForTools(0);
    await student.page.keyboard.press('z');
    const small = await student.live.element(0).boundingBox();
    if (!small) throw new Error('no student viewport box');
    // Three zoom drags, each checked at once: the dot follows the render (its display event), not the
    // teacher's next keep-alive message (every 2 s).
    let zoom = 1;
    for (let step = 0; step < 3; step++) {
      await student.live.dragCanvas(
        0,
        [small.width / 2, small.height / 2],
        [small.width / 2, small.height / 2 + 40],
      );
      await expect
        .poll(async () => (await student.live.viewState()).viewports[0]?.camera?.zoom ?? 1)
        .not.toBe(zoom);
      zoom = (await student.live.viewState()).viewports[0]?.camera?.zoom ?? 1;
      await expect
        .poll(async () => student.live.pointerDotDistance(0, await student.live.worldToCanvas(0, world)), {
          message: `after the student's zoom ${step + 1}, the dot on the same point`,
          timeout: 300,
          intervals: [20],
        })
        .toBeLessThan(2);
    }
    await student.live.waitForBanner('detached');

    // Released: gone for both.
    await page.keyboard.up('.');
    await expect.poll(() => student.live.pointerDot(), { message: 'released: no dot' }).toBeNull();
    expect(await teacher.pointerDot()).toBeNull();
    // Without the key, moving the mouse sends nothing.
    const sent = await teacher.pointerSent();
    await page.mouse.move(x + 30, y + 30, { steps: 5 });
    await teacher.hover(0);
    expect(await teacher.pointerSent()).toBe(sent);
    expect(await student.live.pointerDot()).toBeNull();

    // The panel's Pointer button, held while the mouse goes onto the image, does the same.
    await teacher.toggle().click();
    const button = page.getByTestId('live-pointer-button');
    await button.hover();
    await page.mouse.down();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await page.mouse.move(x, y, { steps: 6 });
    await expect
      .poll(async () => student.live.pointerDotDistance(0, await student.live.worldToCanvas(0, world)), {
        message: "the Pointer button: the student's dot on the teacher's point",
      })
      .toBeLessThan(2);
    await page.screenshot({ path: resolve(screens, 'live-teacher-pointer.png') });
    await page.mouse.up();
    await expect(button).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(() => student.live.pointerDot(), { message: 'button released: no dot' }).toBeNull();
    expect(await teacher.pointerDot()).toBeNull();
  } finally {
    await student.context.close();
  }
});

test('the teacher reloads and presents the same session again; a student leaves; the delay teacher -> student', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const teacher = new LivePage(page);
  await teacher.openWithTours(caseQuery);
  await teacher.waitForTools(0);
  const link = await teacher.startSession();
  const student = await openStudent(browser, link, { viewport: { width: 1400, height: 900 } });
  try {
    await expect(teacher.presence()).toHaveText('1 following · 0 exploring on their own');
    // axe: the teacher's panel (open) and the student's banner, following and detached.
    expect(await seriousViolations(page), 'teacher with the session panel').toEqual([]);
    expect(await seriousViolations(student.page), 'student following').toEqual([]);
    await teacher.toggle().click();
    // The delay from the teacher's key press to the student's new image on screen, over 10 single steps.
    const delays: number[] = [];
    await teacher.element(0).focus();
    for (let i = 0; i < 10; i++) {
      const wanted = ((await teacher.viewState()).viewports[0]?.imageIndex ?? 0) + 1;
      const pressed = Date.now();
      await page.keyboard.press('ArrowDown');
      await student.page
        .getByTestId('viewport-element-0')
        .and(student.page.locator(`[data-image-index="${wanted}"][data-render-count]`))
        .waitFor();
      delays.push(Date.now() - pressed);
    }
    delays.sort((x, y) => x - y);
    console.log(
      `teacher key -> student image, ms: median ${delays[5]}, max ${delays[9]} (${delays.join(' ')})`,
    );
    expect(delays[5], 'median delay (ms)').toBeLessThan(1000);

    // A reload of the teacher's tab presents the same session: same link, and the student keeps following.
    await page.reload();
    await teacher.waitForImage(0);
    await expect(teacher.toggle()).toHaveAttribute('aria-pressed', 'true');
    await teacher.toggle().click();
    await expect(page.getByTestId('live-link')).toHaveText(link);
    await expect(teacher.presence()).toHaveText('1 following · 0 exploring on their own');
    await teacher.toggle().click();
    await teacher.element(0).focus();
    await page.keyboard.press('2');
    await expect(teacher.element(0)).toHaveAttribute('data-voi', '2000/500');
    await expectFollows(student.live, teacher, 'after the teacher reloaded');

    // The student leaves: no banner, the teacher's count drops, the student's own moves are their own.
    await student.live.element(0).focus();
    await student.page.keyboard.press('ArrowDown');
    await student.live.waitForBanner('detached');
    expect(await seriousViolations(student.page), 'student detached').toEqual([]);
    await student.page.getByTestId('live-leave').click();
    await expect(student.live.banner()).toHaveCount(0);
    await expect(teacher.presence()).toHaveText('0 following · 0 exploring on their own');
    await page.keyboard.press('1');
    await expect(teacher.element(0)).toHaveAttribute('data-voi', '400/40');
    await student.live.element(0).focus();
    await student.page.keyboard.press('ArrowUp');
    await expect(student.live.element(0)).toHaveAttribute('data-voi', '2000/500');
    // A reload of the student's tab no longer joins.
    await student.page.reload();
    await student.live.waitForImage(0);
    await expect(student.page.getByTestId('live-toggle')).toBeVisible();
    await expect(student.live.banner()).toHaveCount(0);
  } finally {
    await student.context.close();
  }
});

test('a session link on a static copy says that live sessions need the server; no socket.io before a session', async ({
  page,
}) => {
  let server: StaticServer | undefined;
  try {
    server = await startStaticServer(dist, '/');
    const scripts: string[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('.js')) scripts.push(response.url());
    });
    const live = new LivePage(page);
    await page.goto(`${server.url}${caseQuery}`);
    await live.waitForImage(0);
    await expect(live.toggle()).toBeVisible();
    // socket.io-client is in none of the scripts a page without a session loads.
    for (const url of scripts) {
      const text = await (await page.request.get(url)).text();
      expect(text.includes('io server disconnect'), `${url} holds socket.io-client`).toBe(false);
    }
    await page.goto('about:blank');
    await page.goto(`${server.url}${caseQuery}#live=AAAAAAAAAA`);
    await live.waitForBanner('problem');
    await expect(live.banner()).toContainText(
      'Live sessions need the casebook server (npm start or npm run serve); this copy is static.',
    );
    await live.waitForImage(0);
    // The teacher's side says the same.
    await live.toggle().click();
    await page.getByTestId('live-start').click();
    await expect(page.getByTestId('live-status')).toHaveText(
      'Live sessions need the casebook server (npm start or npm run serve); this copy is static.',
    );
  } finally {
    await server?.close();
  }
});

test('a link to a session the server does not know says so as text, and the case still works', async ({
  page,
}) => {
  const live = new LivePage(page);
  await page.goto(`/${caseQuery}#live=ZZZZZZZZZZ`);
  await live.waitForBanner('problem');
  await expect(live.banner()).toContainText('ended');
  await live.waitForImage(0);
  await live.element(0).focus();
  const before = (await live.viewState()).viewports[0]?.imageIndex ?? 0;
  await page.keyboard.press('ArrowDown');
  await live.waitForImageIndex(0, before + 1);
});
