/**
 * The live-session server as Chromium meets it on the preview server (the Vite plugin): a page of the app's
 * origin opens the session socket and creates a session; a page of another origin cannot open it (browsers
 * apply no CORS to websockets, so the server checks Origin itself); HTTP long-polling is not offered.
 * Speaks engine.io / socket.io's wire format by hand so that it depends on nothing of the browser app.
 */
import { expect, type Page, test } from '@playwright/test';

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
