import { describe, expect, it } from 'vitest';
import { loadTour } from './loadTour.ts';

const BASE = 'http://casebook.test/annotations/';
const URL_ = `${BASE}demo.tour.json`;

/** A fetch that answers every request with `respond`'s response. */
function fetchWith(respond: (url: string) => Response | Promise<Response>): typeof fetch {
  return (async (input: string | URL | Request) => respond(String(input))) as typeof fetch;
}

const goodTour = {
  schemaVersion: 1,
  caseId: 'demo',
  title: 'Demo tour',
  steps: [
    {
      id: 'one',
      title: 'One',
      caption: 'The first step.',
      view: { viewports: [{ image: { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.3' } }] },
    },
  ],
};

describe('loadTour', () => {
  it('loads and validates a good file', async () => {
    const result = await loadTour(URL_, 'demo', {
      fetchFn: fetchWith(() => new Response(JSON.stringify(goodTour))),
    });
    expect(result.kind === 'loaded' && result.file.steps.map((s) => s.id)).toEqual(['one']);
    expect(result.kind === 'loaded' && result.warnings).toEqual([]);
  });

  it('fetches the URL it is given, resolved against the page', async () => {
    const asked: string[] = [];
    await loadTour(URL_, 'demo', {
      fetchFn: fetchWith((url) => {
        asked.push(url);
        return new Response(JSON.stringify(goodTour));
      }),
    });
    expect(asked).toEqual([URL_]);
  });

  it('is absent, not an error, when the case has no tour (HTTP 404)', async () => {
    const result = await loadTour(URL_, 'demo', {
      fetchFn: fetchWith(() => new Response('Not found', { status: 404, statusText: 'Not Found' })),
    });
    expect(result).toEqual({ kind: 'absent' });
  });

  it('is invalid, naming the file and the status, on any other HTTP error', async () => {
    const result = await loadTour(URL_, 'demo', {
      fetchFn: fetchWith(() => new Response('oops', { status: 500, statusText: 'Internal Server Error' })),
    });
    expect(result.kind === 'invalid' && result.problems.map((p) => p.message)).toEqual([
      'annotations/demo.tour.json: could not be loaded (HTTP 500 Internal Server Error)',
    ]);
  });

  it('is invalid when the network fails', async () => {
    const result = await loadTour(URL_, 'demo', {
      fetchFn: fetchWith(() => Promise.reject(new TypeError('Failed to fetch'))),
    });
    expect(result.kind === 'invalid' && result.problems.map((p) => p.message)).toEqual([
      'annotations/demo.tour.json: could not be fetched (Failed to fetch)',
    ]);
  });

  it('gives line and column of a JSON syntax error', async () => {
    const broken = '{\n  "schemaVersion": 1,\n  "caseId": "demo"\n  "title": "x"\n}';
    const result = await loadTour(URL_, 'demo', { fetchFn: fetchWith(() => new Response(broken)) });
    const message = result.kind === 'invalid' ? (result.problems[0]?.message ?? '') : '';
    expect(message).toMatch(/^annotations\/demo\.tour\.json: is not valid JSON: .*\(line 4, column 3\)$/);
  });

  it('says so when the server sends its HTML index page for the missing file', async () => {
    const result = await loadTour(URL_, 'demo', {
      fetchFn: fetchWith(
        () =>
          new Response('<!doctype html><title>Casebook</title>', {
            headers: { 'Content-Type': 'text/html' },
          }),
      ),
    });
    expect(result.kind === 'invalid' && result.problems.map((p) => p.message)).toEqual([
      'annotations/demo.tour.json: is not JSON but an HTML page: the file may be missing and the server sent its index page',
    ]);
  });

  it('is invalid with the schema problems of a broken file', async () => {
    const broken = { ...goodTour, steps: [{ ...goodTour.steps[0], title: '' }] };
    const result = await loadTour(URL_, 'demo', {
      fetchFn: fetchWith(() => new Response(JSON.stringify(broken))),
    });
    expect(result.kind === 'invalid' && result.problems.map((p) => p.message)).toEqual([
      "annotations/demo.tour.json: step 'one' (index 0): title must not be empty",
    ]);
  });

  it('is invalid when the tour is for another case', async () => {
    const result = await loadTour(URL_, 'other', {
      fetchFn: fetchWith(() => new Response(JSON.stringify(goodTour))),
    });
    expect(result.kind === 'invalid' && result.problems.map((p) => p.message)).toEqual([
      "annotations/demo.tour.json: caseId 'demo' does not match the case 'other'",
    ]);
  });

  it('names the file as told', async () => {
    const result = await loadTour(URL_, 'demo', {
      fetchFn: fetchWith(() => new Response('[]')),
      displayName: 'my tour',
    });
    expect(result.kind === 'invalid' && result.problems.map((p) => p.message)).toEqual([
      'my tour: the tour file must hold a JSON object',
    ]);
  });

  it('never throws, even when reading the body fails', async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.error(new Error('connection reset'));
      },
    });
    const result = await loadTour(URL_, 'demo', { fetchFn: fetchWith(() => new Response(body)) });
    expect(result.kind === 'invalid' && result.problems[0]?.message).toMatch(
      /^annotations\/demo\.tour\.json: could not be read \(/,
    );
  });
});
