/**
 * A teacher's own files (issue 15): the sample case's folder opened through the folder picker becomes a
 * study with the same series, the same images in the same order and its teaching overlays (the app knows
 * the study), read from the browser's own storage after a reload, and no request carries a file's bytes. A
 * drop of a few files opens them; a drop with nothing to show says why, by file. Screenshot:
 * test-results/screens/open-files-local-case.png.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, type Page, type Request, test } from '@playwright/test';
import type { CasebookWindow } from '../src/model/CasebookDiagnostics.ts';
import { loadSampleCase, sampleCaseDir, seriesOf } from './pages/sampleCase.ts';
import { TeachingPage } from './pages/TeachingPage.ts';

const sample = loadSampleCase();
const ct = seriesOf(sample, 'CT');
const screens = resolve(import.meta.dirname, '../test-results/screens');
const pydicomFiles = '/usr/lib/python3/dist-packages/pydicom/data/test_files';

/** Every request of a page, with whether it carried a body. */
function watchRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (request) => seen.push(request));
  return seen;
}

/** Opens the Open panel (it comes with the teaching layer, after the first image). */
async function openPanel(page: Page): Promise<void> {
  await page.getByTestId('open-toggle').click();
  await expect(page.getByTestId('open-panel')).toBeVisible();
}

test('the sample folder opened from disk: the same study, images and overlays; kept for a reload; no bytes sent', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const viewer = new TeachingPage(page);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await viewer.openTeaching();
  // The static case's opening slice (its key image), pixels and overlays, to compare with the local copy.
  const slice = (await viewer.state(0)).imageIndex;
  await expect.poll(async () => (await viewer.drawnFindings(0)).length).toBeGreaterThan(0);
  const drawnFromServer = (await viewer.drawnFindings(0)).sort();
  const fromServer = await viewer.pixels(0);

  await openPanel(page);
  const ingesting = watchRequests(page);
  await page.getByTestId('open-folder-input').setInputFiles(sampleCaseDir);
  await page.waitForURL(/[?&]case=local%3A/, { timeout: 120_000 });
  await viewer.waitForImage(0);
  const diagnostics = await page.evaluate(() => {
    const d = (window as unknown as { __casebook: { caseId: string } }).__casebook;
    return { caseId: d.caseId };
  });
  // The app knows this study: the sample's id, so its annotations, tour and quiz attach.
  expect(diagnostics.caseId).toBe(sample.manifest.caseId);
  await expect(page.locator('.series-list')).toContainText(ct.SeriesDescription);
  expect((await viewer.state(0)).imageIndex).toBe(slice);
  await expect(page.getByTestId('findings')).toBeVisible();
  await viewer.waitForDrawn(0, drawnFromServer);
  const fromDisk = await viewer.pixels(0);
  expect(fromDisk.signature).toBe(fromServer.signature);

  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: join(screens, 'open-files-local-case.png') });

  // A reload opens it again from the browser's storage, every CT slice without asking the server for one;
  // the library lists it. No request ever carried a body (a file's bytes).
  const reloading = watchRequests(page);
  await page.reload();
  await viewer.waitForImage(0);
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as CasebookWindow).__casebook.getProgress('ct-axial')?.loaded),
    )
    .toBe(ct.instances.length);
  const fromServerNow = reloading.filter((r) => r.url().startsWith('http') && r.url().endsWith('.dcm'));
  expect(fromServerNow.map((r) => r.url())).toEqual([]);
  const withBody = [...ingesting, ...reloading].filter(
    (r) => r.postDataBuffer() !== null || !['GET', 'HEAD'].includes(r.method()),
  );
  expect(withBody.map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
  await openPanel(page);
  await expect(page.getByTestId('open-local-case').first()).toContainText(sample.manifest.title);
  expect(errors).toEqual([]);
});

test('a drop of a few files opens them; a drop with nothing to show says why, by file', async ({ page }) => {
  test.setTimeout(120_000);
  const viewer = new TeachingPage(page);
  await viewer.openTeaching();
  await expect(page.getByTestId('open-toggle')).toBeVisible();
  const drop = async (files: Array<{ name: string; base64: string }>) =>
    page.evaluate(async (list) => {
      const transfer = new DataTransfer();
      for (const { name, base64 } of list) {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], name));
      }
      for (const type of ['dragenter', 'dragover', 'drop'])
        window.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
    }, files);

  const junk = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 31) % 256));
  await drop([
    { name: 'junk.dcm', base64: junk.toString('base64') },
    { name: 'test-SR.dcm', base64: readFileSync(join(pydicomFiles, 'test-SR.dcm')).toString('base64') },
  ]);
  const status = page.getByTestId('open-status');
  await expect(status).toHaveAttribute('data-state', 'problem');
  await expect(status).toContainText('No images to show in 2 files');
  await expect(status).toContainText('junk.dcm: not a DICOM file (no DICM prefix)');
  await expect(status).toContainText('test-SR.dcm: Structured report (SR)');

  // Three CT slices of the sample, dropped: a study of three images, in slice order.
  const files = ct.instances.slice(40, 43).reverse();
  await drop(
    files.map((instance) => ({
      name: instance.file.split('/').pop() ?? instance.file,
      base64: readFileSync(join(sampleCaseDir, instance.file)).toString('base64'),
    })),
  );
  await page.waitForURL(/[?&]case=local%3A/, { timeout: 60_000 });
  await viewer.waitForImage(0);
  const state = await viewer.state(0);
  expect(state.imageCount).toBe(3);
  await viewer.goToImage(0, 0);
  await viewer.goToImage(0, 2);
});

/** Writes a zip with Debian's Python (zipfile), optionally with the declared sizes of its entries rewritten. */
function makeZip(out: string, entries: Record<string, string>, declare?: number): void {
  const script = `
import sys, zipfile, json, struct
out, entries, declare = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for name, path in entries.items():
        if path.startswith('zeros:'):
            z.writestr(name, bytes(int(path[6:])))
        else:
            z.write(path, name)
if declare >= 0:
    data = bytearray(open(out, 'rb').read())
    at = 0
    while True:
        at = data.find(b'PK\\x01\\x02', at)
        if at < 0: break
        struct.pack_into('<I', data, at + 24, declare)
        at += 4
    at = 0
    while True:
        at = data.find(b'PK\\x03\\x04', at)
        if at < 0: break
        struct.pack_into('<I', data, at + 22, declare)
        at += 4
    open(out, 'wb').write(bytes(data))
`;
  execFileSync('/usr/bin/python3', ['-c', script, out, JSON.stringify(entries), String(declare ?? -1)]);
}

test('a zip of the sample folder opens as the same study; a lying or oversized zip is refused by name', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'casebook-zip-'));
  try {
    const entries: Record<string, string> = {};
    for (const series of sample.manifest.series)
      for (const instance of series.instances)
        entries[`case/${instance.file}`] = join(sampleCaseDir, instance.file);
    const good = join(dir, 'sample-case.zip');
    makeZip(good, entries);
    const viewer = new TeachingPage(page);
    await viewer.openTeaching();
    const slice = (await viewer.state(0)).imageIndex;
    const fromServer = await viewer.pixels(0);
    await openPanel(page);
    await page.getByTestId('open-files-input').setInputFiles(good);
    await page.waitForURL(/[?&]case=local%3A/, { timeout: 120_000 });
    await viewer.waitForImage(0);
    expect((await viewer.state(0)).imageIndex).toBe(slice);
    expect((await viewer.pixels(0)).signature).toBe(fromServer.signature);
    await expect(page.locator('.series-list')).toContainText(ct.SeriesDescription);

    // An entry that inflates past its declared size stops at it; a zip declaring 8 GB is not opened.
    const lying = join(dir, 'lying.zip');
    makeZip(lying, { 'big.dcm': 'zeros:5000000' }, 100);
    const huge = join(dir, 'huge.zip');
    makeZip(huge, { 'a.dcm': 'zeros:1000', 'b.dcm': 'zeros:1000' }, 0xf0000000);
    for (const [file, expected] of [
      [lying, 'lying.zip/big.dcm: could not be unzipped'],
      [huge, 'huge.zip: would inflate to'],
    ] as const) {
      await openPanel(page);
      await page.getByTestId('open-files-input').setInputFiles(file);
      const status = page.getByTestId('open-status');
      await expect(status).toContainText(expected, { timeout: 60_000 });
      await expect(status).toHaveAttribute('data-state', 'problem');
      await page.getByTestId('open-toggle').click();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
