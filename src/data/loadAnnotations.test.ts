import { describe, expect, it } from 'vitest';
import { loadAnnotations, loadCaseText, loadTeachingLayer } from './loadAnnotations.ts';

const BASE = 'http://casebook.test/annotations/';

/** A fetch that serves the given files (by URL) and 404s everything else. */
function fakeFetch(files: Record<string, string>): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    const body = files[url];
    if (body === undefined) return new Response('missing', { status: 404, statusText: 'Not Found' });
    return new Response(body, { status: 200 });
  }) as typeof fetch;
}

const FOR = '1.2.826.0.1.3680043.8.498.1';
const goodJson = {
  schemaVersion: 1,
  caseId: 'demo',
  text: { markdownFile: 'demo.md' },
  categories: [{ id: 'rim', label: 'Rim', colour: '#ff8800', description: 'Shell.' }],
  annotations: [
    {
      id: 'rim-1',
      kind: 'point',
      category: 'rim',
      label: 'Rim',
      sections: ['findings-ct'],
      space: 'patient',
      image: { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.3', FrameOfReferenceUID: FOR },
      points: [[1, 2, 3]],
    },
  ],
};
const goodMd = '# Demo\n## CT {#findings-ct}\nThe [rim](#finding:rim-1).\n';

describe('loadAnnotations', () => {
  it('loads and validates a good file', async () => {
    const result = await loadAnnotations(`${BASE}demo.json`, {
      fetchFn: fakeFetch({ [`${BASE}demo.json`]: JSON.stringify(goodJson) }),
      expectedCaseId: 'demo',
    });
    expect(result.ok && result.file.annotations[0]?.id).toBe('rim-1');
  });

  it('returns a typed error naming the file when it is missing', async () => {
    const result = await loadAnnotations(`${BASE}demo.json`, { fetchFn: fakeFetch({}) });
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([
      'annotations/demo.json: could not be loaded (HTTP 404 Not Found)',
    ]);
    // 404 means absent (a case without teaching files opens plainly); another status does not.
    expect(!result.ok && result.absent).toBe(true);
    const failing = (async () => new Response('', { status: 500 })) as typeof fetch;
    const broken = await loadAnnotations(`${BASE}demo.json`, { fetchFn: failing });
    expect(!broken.ok && broken.absent).toBeFalsy();
    const layer = await loadTeachingLayer(`${BASE}demo.json`, { fetchFn: fakeFetch({}) });
    expect(!layer.ok && layer.absent).toBe(true);
  });

  it('gives line and column of a JSON syntax error', async () => {
    const broken = '{\n  "schemaVersion": 1,\n  "caseId": "demo"\n  "text": {}\n}';
    const result = await loadAnnotations(`${BASE}demo.json`, {
      fetchFn: fakeFetch({ [`${BASE}demo.json`]: broken }),
    });
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : (result.problems[0]?.message ?? '');
    expect(message).toMatch(/^annotations\/demo\.json: is not valid JSON: .*line 4, column 3/);
  });

  it('passes on schema problems with the annotation named', async () => {
    const bad = structuredClone(goodJson);
    (bad.annotations[0] as { points: number[][] }).points = [[1, 2]];
    const result = await loadAnnotations(`${BASE}demo.json`, {
      fetchFn: fakeFetch({ [`${BASE}demo.json`]: JSON.stringify(bad) }),
    });
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([
      "annotations/demo.json: annotation 'rim-1' (index 0): points[0] must have 3 numbers [x, y, z] in mm, has 2",
    ]);
  });

  it('never throws, even when fetch itself throws', async () => {
    const throwing = (async () => {
      throw new TypeError('network down');
    }) as typeof fetch;
    const result = await loadAnnotations(`${BASE}demo.json`, { fetchFn: throwing });
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([
      'annotations/demo.json: could not be fetched (network down)',
    ]);
  });
});

describe('loadCaseText and loadTeachingLayer', () => {
  it('loads the Markdown the annotations file points at and finds no broken links', async () => {
    const fetchFn = fakeFetch({ [`${BASE}demo.json`]: JSON.stringify(goodJson), [`${BASE}demo.md`]: goodMd });
    const result = await loadTeachingLayer(`${BASE}demo.json`, { fetchFn });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.text?.sections.map((s) => s.id)).toEqual(['findings-ct']);
    expect(result.warnings).toEqual([]);
  });

  it('keeps the annotations when the text is missing, with a warning', async () => {
    const fetchFn = fakeFetch({ [`${BASE}demo.json`]: JSON.stringify(goodJson) });
    const result = await loadTeachingLayer(`${BASE}demo.json`, { fetchFn });
    expect(result.ok && result.file.annotations).toHaveLength(1);
    expect(result.ok && result.text).toBeUndefined();
    expect(result.ok ? result.warnings.map((w) => w.message) : []).toEqual([
      'annotations/demo.md: could not be loaded (HTTP 404 Not Found)',
    ]);
  });

  it('reports broken links both ways', async () => {
    const md = '# Demo\n## CT {#ct}\nThe [rim](#finding:rim-9).\n';
    const fetchFn = fakeFetch({ [`${BASE}demo.json`]: JSON.stringify(goodJson), [`${BASE}demo.md`]: md });
    const result = await loadTeachingLayer(`${BASE}demo.json`, { fetchFn });
    expect(result.ok ? result.warnings.map((w) => w.message) : []).toEqual([
      "annotations/demo.json: annotation 'rim-1' (index 0): sections[0] 'findings-ct' is not a section of annotations/demo.md (ct)",
      "annotations/demo.md: section 'ct': the link 'rim' points at finding 'rim-9', which annotations/demo.json does not define",
    ]);
  });

  it('parses a text file on its own', async () => {
    const result = await loadCaseText(`${BASE}demo.md`, {
      fetchFn: fakeFetch({ [`${BASE}demo.md`]: goodMd }),
    });
    expect(result.ok && result.text.title).toBe('Demo');
  });
});

describe('the sample case teaching layer', () => {
  it('loads the committed annotations and text with no problem and no broken link', async () => {
    const [json, md] = await Promise.all([
      import('../../annotations/tumoral-calcinosis-pubis.json?raw'),
      import('../../annotations/tumoral-calcinosis-pubis.md?raw'),
    ]);
    const fetchFn = fakeFetch({
      [`${BASE}tumoral-calcinosis-pubis.json`]: json.default,
      [`${BASE}tumoral-calcinosis-pubis.md`]: md.default,
    });
    const result = await loadTeachingLayer(`${BASE}tumoral-calcinosis-pubis.json`, {
      fetchFn,
      expectedCaseId: 'tumoral-calcinosis-pubis',
    });
    expect(result.ok ? result.warnings.map((w) => w.message) : result.problems.map((p) => p.message)).toEqual(
      [],
    );
    expect(result.ok && result.file.categories.map((c) => c.id)).toEqual([
      'fluid-calcium-level',
      'calcified-rim',
      'pubic-osteolysis',
      'mass-extent',
      'normal-anatomy',
    ]);
  });
});
