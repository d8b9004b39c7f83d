/**
 * The live-session server as Chromium meets it. On the preview server (the Vite plugin): a page of the app's
 * origin opens the session socket and creates a session; a page of another origin cannot open it (browsers
 * apply no CORS to websockets, so the server checks Origin itself); HTTP long-polling is not offered (these
 * speak engine.io / socket.io's wire format by hand, depending on nothing of the browser app). Under
 * `npm run serve` (server/serve.ts): the real app loads with no failed request, a teacher starts a session and
 * a student follows it, and SIGTERM stops the server. Screenshot: test-results/screens/live-serve-student.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type ChildServer, startChildServer } from './pages/childServer.ts';
import { LivePage } from './pages/LivePage.ts';
import { caseQuery } from './pages/sampleCase.ts';
import { watchFailures } from './pages/watchFailures.ts';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, process.env.E2E_DIST ?? 'dist');
const screens = resolve(root, 'test-results/screens');
// Beside the preview server's port, as the dev-server spec does (+1010), so two runs never meet.
const servePort = Number(process.env.E2E_PORT ?? 4173) + 1020;

/** The first frames a browser WebSocket to the session server receives, or why it closed. */
async function openSessionSocket(page: Page, url: string): Promise<{ frames: string[]; closed: boolean }> {
  return page.evaluate(
    (socketUrl) =>
      new Promise<{ frames: string[]; closed: boolean }>((resolve) => {
        const frames: string[] = [];
        const ws = new WebSocket(socketUrl);
        const finish = (closed: boolean) => {
          resolve({ frames, closed });
          ws.close();
        };
        ws.onmessage = (event) => {
          const frame = String(event.data);
          frames.push(frame);
          // engine.io open ("0{...}") -> connect to the namespace -> create a session, acknowledgement 0.
          if (frame.startsWith('0{')) ws.send('40/live,');
          else if (frame.startsWith('40/live,'))
            ws.send('42/live,0["create",{"protocol":1,"caseId":"sample-case"}]');
          else if (frame.startsWith('43/live,')) finish(false);
          else if (frame === '2') ws.send('3');
        };
        ws.onclose = () => finish(true);
      }),
    url,
  );
}

test('a page of the app opens a live session; another origin cannot; no long-polling', async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL ?? '');
  const socketUrl = `ws://${origin.host}/socket.io/?EIO=4&transport=websocket`;
  await page.goto('/favicon.svg');

  const same = await openSessionSocket(page, socketUrl);
  expect(same.closed).toBe(false);
  const reply = same.frames.find((frame) => frame.startsWith('43/live,0'));
  const [created] = JSON.parse(reply?.slice('43/live,0'.length) ?? '[]') as [
    { ok: boolean; sessionId: string; presenterKey: string },
  ];
  expect(created.ok).toBe(true);
  expect(created.sessionId).toMatch(/^[A-Za-z0-9_-]{10}$/);
  expect(created.presenterKey).toMatch(/^[A-Za-z0-9_-]{22}$/);

  const polling = await page.request.get(`/socket.io/?EIO=4&transport=polling`);
  expect(polling.status()).toBe(400);

  // The same server under another name (localhost, not 127.0.0.1) is another origin to the browser.
  await page.goto(`http://localhost:${origin.port}/favicon.svg`);
  const other = await openSessionSocket(page, socketUrl);
  expect(other.closed).toBe(true);
  expect(other.frames).toEqual([]);
});

test('npm run serve: the built app and its live sessions from one Node process; killed and started again mid-session, the class resyncs; SIGTERM stops it', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  mkdirSync(screens, { recursive: true });
  const origin = `http://127.0.0.1:${servePort}`;
  let server: ChildServer | undefined = await startChildServer(process.execPath, ['server/serve.ts'], {
    cwd: root,
    env: { PORT: String(servePort), CASEBOOK_DIST: dist },
    url: `${origin}/`,
    timeoutMs: 30_000,
  });
  const student = await browser.newContext();
  try {
    const watched = watchFailures(page);
    const teacher = new LivePage(page);
    await page.goto(`${origin}/${caseQuery}`);
    await teacher.waitForImage(0);
    await teacher.waitForTools(0);
    const link = await teacher.startSession();
    expect(new URL(link).origin).toBe(origin);

    const studentPage = await student.newPage();
    const studentWatched = watchFailures(studentPage);
    const follower = new LivePage(studentPage);
    await studentPage.goto(link);
    await follower.waitForBanner('following');
    await follower.waitForImage(0);
    await expect(teacher.presence()).toHaveText('1 following · 0 exploring on their own');
    // The teacher scrolls; the student's image follows.
    await teacher.element(0).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    const teacherIndex = (await teacher.state(0)).imageIndex;
    await follower.waitForImageIndex(0, teacherIndex);
    await studentPage.screenshot({ path: resolve(screens, 'live-serve-student.png') });
    expect(watched.failed, 'failed requests (teacher)').toEqual([]);
    expect(studentWatched.failed, 'failed requests (student)').toEqual([]);
    expect([...watched.errors, ...studentWatched.errors], 'console errors').toEqual([]);

    // The server crashes (SIGKILL) mid-session: both pages say they are reconnecting, nobody is told the
    // session ended, and the student keeps the teacher's last view.
    await server.kill();
    await expect(follower.banner()).toContainText('reconnecting');
    await expect(page.getByTestId('live-panel')).toContainText('reconnecting');
    expect((await follower.state(0)).imageIndex).toBe(teacherIndex);
    // Started again on the same port, with empty memory: the teacher's page opens the session again with
    // its presenter key; the waiting student rejoins and follows on.
    server = await startChildServer(process.execPath, ['server/serve.ts'], {
      cwd: root,
      env: { PORT: String(servePort), CASEBOOK_DIST: dist },
      url: `${origin}/`,
      timeoutMs: 30_000,
    });
    await expect(follower.banner()).not.toContainText('reconnecting', { timeout: 20_000 });
    await follower.waitForBanner('following');
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
    const after = (await teacher.state(0)).imageIndex;
    expect(after).toBe(teacherIndex + 2);
    await follower.waitForImageIndex(0, after);
    expect(await follower.live()).toMatchObject({ role: 'student', following: true });

    const stopping = server;
    server = undefined;
    await stopping.stop();
    expect(stopping.output()).toContain('Casebook stopped (SIGTERM)');
    // A clean stop closes the connections without ending the session: the student waits to reconnect.
    await expect(follower.banner()).toContainText('reconnecting');
    await expect(follower.banner()).toHaveAttribute('data-state', 'following');
  } finally {
    await student.close();
    await server?.stop();
  }
});

test("npm run serve's Content-Security-Policy: the app, its codecs and a teacher's own files work under it", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const origin = `http://127.0.0.1:${servePort + 1}`;
  const server = await startChildServer(process.execPath, ['server/serve.ts'], {
    cwd: root,
    env: { PORT: String(servePort + 1), CASEBOOK_DIST: dist },
    url: `${origin}/`,
    timeoutMs: 30_000,
  });
  try {
    const watched = watchFailures(page);
    const response = await page.goto(`${origin}/${caseQuery}`);
    expect(response?.headers()['content-security-policy']).toContain("connect-src 'self' blob:");
    const viewer = new LivePage(page);
    await viewer.waitForImage(0);
    // Local files through the Open panel (blob URLs) decoded by the WebAssembly codecs (JPEG 2000, JPEG-LS).
    for (const name of ['JPEG2000.dcm', 'MR_small_jpeg_ls_lossless.dcm']) {
      await page.getByTestId('open-toggle').click();
      const loaded = page.waitForEvent('load');
      await page
        .getByTestId('open-files-input')
        .setInputFiles(`/usr/lib/python3/dist-packages/pydicom/data/test_files/${name}`);
      await loaded;
      await viewer.waitForImage(0);
      const stats = await viewer.pixels(0);
      expect(stats.max - stats.min, name).toBeGreaterThan(50);
    }
    // Opening a local case navigates away mid-load (aborted requests) and its absent teaching files are 404s:
    // neither is the policy's doing. A request the policy blocks fails as ERR_BLOCKED_BY_CSP.
    expect(
      watched.failed.filter((f) => /BLOCKED/i.test(f)),
      'requests blocked by the policy',
    ).toEqual([]);
    expect(
      watched.errors.filter((e) => !/404/.test(e)),
      'console errors (a CSP violation is one)',
    ).toEqual([]);
  } finally {
    await server.stop();
  }
});
