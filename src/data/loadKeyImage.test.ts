import { describe, expect, it } from 'vitest';
import { loadKeyImage } from './loadKeyImage.ts';

const keyImage = {
  seriesKey: 'ct-axial',
  SOPInstanceUID: '1.2.3.1.6',
  InstanceNumber: 6,
  window: { WindowCenter: 400, WindowWidth: 1600, explanation: 'Calcification' },
};

const serve = (status: number, body: string): typeof fetch =>
  (async () => new Response(body, { status })) as typeof fetch;

describe('loadKeyImage', () => {
  it('reads the key image of an annotations file', async () => {
    const body = JSON.stringify({ schemaVersion: 2, caseId: 'demo', keyImage });
    expect(await loadKeyImage('http://x/a.json', { fetchFn: serve(200, body) })).toEqual(keyImage);
  });

  it('gives null, never an error, for a missing, malformed or keyless file', async () => {
    expect(await loadKeyImage('http://x/a.json', { fetchFn: serve(404, 'missing') })).toBeNull();
    expect(
      await loadKeyImage('http://x/a.json', { fetchFn: serve(200, '{ "schemaVersion": 2,') }),
    ).toBeNull();
    expect(await loadKeyImage('http://x/a.json', { fetchFn: serve(200, '{"schemaVersion": 1}') })).toBeNull();
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await loadKeyImage('http://x/a.json', { fetchFn: failing })).toBeNull();
  });

  it('gives up on a server that does not answer in time', async () => {
    const hanging = ((_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as typeof fetch;
    expect(await loadKeyImage('http://x/a.json', { fetchFn: hanging, timeoutMs: 20 })).toBeNull();
  });
});
