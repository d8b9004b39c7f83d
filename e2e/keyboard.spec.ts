/**
 * Keys mean what the help says wherever focus is: one table of (focused region, key, expected effect), played
 * against the built app. The effect is read from the app's state right after the key press (the store, the
 * cine button, the focused element, the checkbox, the fps box): a key press is handled synchronously, so no
 * waiting is needed to see it, and "nothing else changed" is checked on every row.
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { pageStep } from '../src/ui/defaultShortcuts.ts';
import { loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { TeachingPage } from './pages/TeachingPage.ts';

const sample = loadSampleCase();
const ct = seriesOf(sample, 'CT');
/** The image every row starts from: far enough from both ends for Page Up / Page Down. */
const startImage = 100;
const bone = JSON.stringify({ windowWidth: 2000, windowCenter: 500 });

/** What a key press may change. */
interface Snapshot {
  readonly series: string;
  readonly image: number;
  readonly cine: boolean;
  readonly voi: string;
  readonly invert: boolean;
  readonly highlighted: string | null;
  readonly categories: string;
  readonly help: boolean;
  readonly fps: string;
  /** The focused element, named by what the test can recognise it by. */
  readonly focus: string;
}

/** Any value is fine (e.g. the image a finding link goes to). */
const anything = Symbol('anything');
type Expected = { readonly [K in keyof Snapshot]?: Snapshot[K] | typeof anything };

interface Row {
  readonly key: string;
  /** What the press changes, from the state before it; every other field must stay as it was. */
  readonly expect: (before: Snapshot) => Expected;
}

interface Region {
  readonly name: string;
  /** Focuses the region (the app is on `startImage` of the CT, nothing playing, help closed). */
  focus(page: Page, teaching: TeachingPage): Promise<void>;
  readonly rows: readonly Row[];
}

async function snapshot(page: Page, teaching: TeachingPage): Promise<Snapshot> {
  const state = (await teaching.viewState()) as Awaited<ReturnType<TeachingPage['viewState']>> & {
    viewports: Array<{ voi?: unknown; invert?: boolean }>;
  };
  const viewport = state.viewports[state.activeViewport];
  const extra = await page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    const focus =
      active?.dataset.findingId ??
      active?.closest<HTMLElement>('[data-series-key]')?.dataset.seriesKey ??
      active?.closest<HTMLElement>('[data-testid]')?.dataset.testid ??
      active?.tagName.toLowerCase() ??
      '';
    return {
      cine: document.querySelector<HTMLElement>('.viewport-cell .cine-button')?.dataset.playing === 'true',
      help: !(document.querySelector<HTMLElement>('[data-testid="help-overlay"]')?.hidden ?? true),
      fps: document.querySelector<HTMLInputElement>('.viewport-cell .fps-input')?.value ?? '',
      focus,
    };
  });
  return {
    series: viewport?.seriesKey ?? '',
    image: viewport?.imageIndex ?? -1,
    voi: viewport?.voi ? JSON.stringify(viewport.voi) : '',
    invert: !!viewport?.invert,
    highlighted: state.highlightedFinding,
    categories: state.visibleCategories.join(' '),
    ...extra,
  };
}

/** Brings the app back to the row's starting point: CT image `startImage`, no cine, no help, default window. */
async function reset(page: Page, teaching: TeachingPage): Promise<void> {
  const help = page.getByTestId('help-overlay');
  if (await help.isVisible()) await help.getByRole('button', { name: /close/i }).click();
  const cine = teaching.cell(0).locator('.cine-button');
  if ((await cine.getAttribute('data-playing')) === 'true') await cine.click();
  await expect(cine).not.toHaveAttribute('data-playing', 'true');
  let state = await snapshot(page, teaching);
  if (state.series !== ct.key) {
    await page.getByTestId(`series-${ct.key}`).click();
    await teaching.waitForImage(0, ct.key);
  }
  if (state.categories.split(' ').length !== 5) {
    for (const toggle of await page.locator('[data-testid^="category-toggle-"]').all()) await toggle.check();
  }
  state = await snapshot(page, teaching);
  if (state.fps !== '15') await teaching.cell(0).locator('.fps-input').fill('15');
  if (state.voi !== '' || state.invert) await page.getByTestId('reset').click();
  if (state.image !== startImage) await teaching.goToImage(0, startImage);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
}

/**
 * Rows of a list region focused on its second item: arrows and Home/End move through the list, Enter and
 * Space press the item, other keys are the viewer's.
 * @param names - the items as the snapshot's `focus` names them, in list order
 * @param activate - what pressing the second item does
 */
function listRows(names: readonly string[], activate: Expected): Row[] {
  const [first, , third] = names;
  const last = names[names.length - 1];
  return [
    { key: 'ArrowDown', expect: () => ({ focus: third }) },
    { key: 'ArrowUp', expect: () => ({ focus: first }) },
    { key: 'ArrowRight', expect: () => ({ focus: third }) },
    { key: 'ArrowLeft', expect: () => ({ focus: first }) },
    { key: 'Home', expect: () => ({ focus: first }) },
    { key: 'End', expect: () => ({ focus: last }) },
    { key: 'Enter', expect: () => activate },
    { key: ' ', expect: () => activate },
    { key: 'PageDown', expect: (b) => ({ image: b.image + pageStep }) },
    { key: '2', expect: () => ({ voi: bone }) },
  ];
}

/** The keys the viewport owns, as the help lists them. */
const viewerRows: readonly Row[] = [
  { key: 'ArrowDown', expect: (b) => ({ image: b.image + 1 }) },
  { key: 'ArrowUp', expect: (b) => ({ image: b.image - 1 }) },
  { key: 'ArrowRight', expect: (b) => ({ image: b.image + 1 }) },
  { key: 'ArrowLeft', expect: (b) => ({ image: b.image - 1 }) },
  { key: 'PageDown', expect: (b) => ({ image: b.image + pageStep }) },
  { key: 'PageUp', expect: (b) => ({ image: b.image - pageStep }) },
  { key: 'Home', expect: () => ({ image: 0 }) },
  { key: 'End', expect: () => ({ image: ct.instances.length - 1 }) },
  { key: ' ', expect: () => ({ cine: true, image: anything }) },
  { key: '2', expect: () => ({ voi: bone }) },
  { key: 'i', expect: () => ({ invert: true }) },
];

const seriesKeys = sample.manifest.series.map((s) => s.key);
const seriesButton = (page: Page, index: number): Locator =>
  page.getByRole('navigation', { name: 'Series' }).getByRole('button').nth(index);

const regions: readonly Region[] = [
  {
    name: 'viewport',
    focus: async (_page, teaching) => teaching.element(0).focus(),
    rows: [...viewerRows, { key: 'Enter', expect: () => ({}) }],
  },
  {
    name: 'slice slider (follows the viewer: Down = next image)',
    focus: async (_page, teaching) => teaching.cell(0).locator('input.slice-slider').focus(),
    rows: viewerRows,
  },
  {
    name: 'series list',
    focus: async (page) => seriesButton(page, 1).focus(),
    rows: listRows(seriesKeys, { series: seriesKeys[1], image: anything, focus: anything }),
  },
  {
    name: 'findings list',
    focus: async (page) => page.locator('.finding').nth(1).focus(),
    rows: [], // filled in the test: the finding ids are read from the page
  },
  {
    name: 'case-text link (the text owns its scrolling keys)',
    focus: async (_page, teaching) => teaching.caseText().locator('a[data-finding-id]').first().focus(),
    rows: [
      { key: 'Enter', expect: () => ({ highlighted: anything, series: anything, image: anything }) },
      { key: 'ArrowDown', expect: () => ({}) },
      { key: 'PageDown', expect: () => ({}) },
      { key: ' ', expect: () => ({}) },
      { key: 'ArrowRight', expect: (b) => ({ image: b.image + 1 }) },
      { key: '2', expect: () => ({ voi: bone }) },
      { key: 'i', expect: () => ({ invert: true }) },
    ],
  },
  {
    name: 'toolbar button (Invert)',
    focus: async (page) => page.getByTestId('invert').focus(),
    rows: [
      { key: ' ', expect: () => ({ invert: true }) },
      { key: 'Enter', expect: () => ({ invert: true }) },
      { key: 'ArrowDown', expect: (b) => ({ image: b.image + 1 }) },
      { key: 'ArrowLeft', expect: (b) => ({ image: b.image - 1 }) },
      { key: 'PageUp', expect: (b) => ({ image: b.image - pageStep }) },
      { key: 'Home', expect: () => ({ image: 0 }) },
      { key: '2', expect: () => ({ voi: bone }) },
    ],
  },
  {
    name: 'category checkbox',
    focus: async (page) => page.locator('[data-testid^="category-toggle-"]').first().focus(),
    rows: [
      { key: ' ', expect: (b) => ({ categories: b.categories.split(' ').slice(1).join(' ') }) },
      { key: 'Enter', expect: () => ({}) },
      { key: 'ArrowDown', expect: (b) => ({ image: b.image + 1 }) },
      { key: 'End', expect: () => ({ image: ct.instances.length - 1 }) },
      { key: '2', expect: () => ({ voi: bone }) },
      { key: 'i', expect: () => ({ invert: true }) },
    ],
  },
  {
    name: 'fps box (owns typing)',
    // Focused with its text selected, as Tab leaves it: a typed digit replaces the value.
    focus: async (_page, teaching) => teaching.cell(0).locator('.fps-input').selectText(),
    rows: [
      { key: '2', expect: () => ({ fps: '2' }) },
      // A letter or a space replaces the selected number (the box shows it as empty): no shortcut runs.
      { key: 'i', expect: () => ({ fps: '' }) },
      { key: 'ArrowUp', expect: (b) => ({ fps: String(Number(b.fps) + 1) }) },
      { key: 'ArrowDown', expect: (b) => ({ fps: String(Number(b.fps) - 1) }) },
      { key: ' ', expect: () => ({ fps: '' }) },
      { key: 'Home', expect: () => ({}) },
      { key: 'PageDown', expect: () => ({}) },
    ],
  },
  {
    name: 'help overlay (modal: only Esc and ? reach the viewer)',
    focus: async (page) => {
      await page.keyboard.press('?');
      await expect(page.getByTestId('help-overlay')).toBeVisible();
    },
    rows: [
      { key: 'ArrowDown', expect: () => ({}) },
      { key: 'PageDown', expect: () => ({}) },
      { key: 'End', expect: () => ({}) },
      { key: '2', expect: () => ({}) },
      { key: 'i', expect: () => ({}) },
      { key: ' ', expect: () => ({ help: false, focus: anything }) },
      { key: 'Enter', expect: () => ({ help: false, focus: anything }) },
      { key: 'Escape', expect: () => ({ help: false, focus: anything }) },
      { key: '?', expect: () => ({ help: false, focus: anything }) },
    ],
  },
];

/** Plays a region's rows: focus, press, compare the state with what the row expects. */
async function play(page: Page, teaching: TeachingPage, region: Region, rows: readonly Row[]): Promise<void> {
  const failures: string[] = [];
  for (const row of rows) {
    await test.step(`${region.name}: ${JSON.stringify(row.key)}`, async () => {
      await reset(page, teaching);
      await region.focus(page, teaching);
      const before = await snapshot(page, teaching);
      await page.keyboard.press(row.key === ' ' ? 'Space' : row.key);
      const after = await snapshot(page, teaching);
      const expected = row.expect(before);
      const wanted: Record<string, unknown> = { ...before };
      const got: Record<string, unknown> = { ...after };
      for (const [field, value] of Object.entries(expected)) {
        if (value === anything) {
          delete wanted[field];
          delete got[field];
        } else wanted[field] = value;
      }
      try {
        expect(got).toEqual(wanted);
      } catch {
        const diff = Object.keys(wanted)
          .filter((k) => JSON.stringify(wanted[k]) !== JSON.stringify(got[k]))
          .map((k) => `${k}: expected ${JSON.stringify(wanted[k])}, got ${JSON.stringify(got[k])}`);
        failures.push(`${region.name} + ${JSON.stringify(row.key)}: ${diff.join('; ')}`);
      }
    });
  }
  expect(failures, failures.join('\n')).toEqual([]);
}

test.describe('each key from each focused region', () => {
  for (const region of regions) {
    test(region.name, async ({ page }) => {
      const teaching = new TeachingPage(page);
      await teaching.openTeaching();
      await expect(teaching.caseText().locator('a[data-finding-id]').first()).toBeAttached();
      await expect(teaching.cell(0).locator('.slider-tick').first()).toBeAttached();
      let rows = region.rows;
      if (region.name === 'findings list') {
        const ids = await page
          .locator('.finding')
          .evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset.findingId ?? ''));
        rows = listRows(ids, { highlighted: ids[1] ?? '', series: anything, image: anything });
      }
      await play(page, teaching, region, rows);
    });
  }
});

test('the slider says which image it is on, 1-based, and moves with the viewer', async ({ page }) => {
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  await teaching.goToImage(0, 22);
  const slider = teaching.cell(0).getByRole('slider', { name: /image/i });
  await expect(slider).toHaveAttribute('aria-valuetext', `Image 23 of ${ct.instances.length}`);
  await expect(slider).toHaveAttribute('min', '1');
  await expect(slider).toHaveAttribute('max', String(ct.instances.length));
  await expect(slider).toHaveValue('23');
  await slider.focus();
  await page.keyboard.press('ArrowDown');
  await teaching.waitForImageIndex(0, 23);
  // The native value follows once the stack rests: same direction as the image.
  await expect(slider).toHaveValue('24');
  await expect(slider).toHaveAttribute('aria-valuetext', `Image 24 of ${ct.instances.length}`);
  await page.keyboard.press('PageUp');
  await teaching.waitForImageIndex(0, 23 - pageStep);
  await expect(slider).toHaveAttribute('aria-valuetext', `Image ${24 - pageStep} of ${ct.instances.length}`);
});

test('a slider focused in another viewport makes that viewport the one keys act on', async ({ page }) => {
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  await teaching.clickToolbar('layout-1x2');
  await teaching.waitForImage(1);
  await teaching.cell(0).click();
  const before = (await teaching.viewState()).viewports[1]?.imageIndex ?? -1;
  await teaching.cell(1).locator('input.slice-slider').focus();
  await page.keyboard.press('ArrowDown');
  const state = await teaching.viewState();
  expect(state.activeViewport).toBe(1);
  expect(state.viewports[1]?.imageIndex).toBe(before + 1);
});

test('a mouse click on a toolbar button leaves keyboard focus where it was: Space then plays cine', async ({
  page,
}) => {
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  await teaching.element(0).focus();
  await page.getByTestId('invert').click();
  await expect(teaching.element(0)).toHaveAttribute('data-invert', 'true');
  await expect(teaching.element(0)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(teaching.cell(0).locator('.cine-button')).toHaveAttribute('data-playing', 'true');
  await page.keyboard.press('Space');
  await expect(teaching.cell(0).locator('.cine-button')).toHaveAttribute('data-playing', 'false');
  expect((await teaching.viewState()).viewports[0]).toMatchObject({ invert: true });
});

test('a file window picked from its list hands the keys back: ↓ then goes to the next image', async ({
  page,
}) => {
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  const select = page.getByTestId('stored-windows');
  const boneWindow = ct.windows.find((w) => w.explanation === 'BONE');
  if (!boneWindow) throw new Error('The CT files store no bone window.');
  const voi = `${boneWindow.WindowWidth}/${boneWindow.WindowCenter}`;
  const before = (await teaching.viewState()).viewports[0]?.imageIndex ?? -1;
  await select.focus();
  await select.selectOption({ label: `Bone: W ${boneWindow.WindowWidth} L ${boneWindow.WindowCenter}` });
  await expect(teaching.element(0)).toHaveAttribute('data-voi', voi);
  await expect(select).not.toBeFocused();
  await page.keyboard.press('ArrowDown');
  await teaching.waitForImageIndex(0, before + 1);
  await expect(teaching.element(0)).toHaveAttribute('data-voi', voi);
});
