import { describe, expect, it } from 'vitest';
import type { CaseManifest } from './CaseManifest.ts';
import { syntheticSeries as series } from './syntheticStack.testutil.ts';
import {
  currentViewStateVersion,
  migrateIndexedView,
  migrateRevealView,
  parseViewState,
  toViewDocument,
  type ViewStateProblem,
  viewStateVersions,
} from './ViewDocument.ts';
import { initialViewState, stoppedCine, type ViewState } from './ViewState.ts';

const manifest: CaseManifest = {
  schemaVersion: 1,
  caseId: 'synthetic',
  title: 'Synthetic',
  StudyInstanceUID: '1.2',
  StudyDescription: '',
  PatientName: '',
  PatientID: '',
  series: [series('ct', 10, '1.2.3'), series('dx', 1, '1.2.4'), series('mr t2,fs&x', 3, '1.2.5')],
};

/** A view in which every field differs from its default somewhere. */
const full: ViewState = {
  caseId: 'synthetic',
  layout: '2x2',
  activeViewport: 2,
  primaryTool: 'Probe',
  viewports: [
    {
      seriesKey: 'ct',
      imageIndex: 7,
      voi: { windowCenter: 40, windowWidth: 400 },
      invert: false,
      camera: { zoom: 1.5, panMm: [10.25, -3.5] },
      cine: { playing: true, fps: 24 },
    },
    { seriesKey: 'dx', imageIndex: 0, invert: true, cine: stoppedCine },
    { seriesKey: 'mr t2,fs&x', imageIndex: 2, invert: false, cine: { playing: false, fps: 5 } },
    { seriesKey: 'ct', imageIndex: 0, invert: true, camera: { zoom: 0.5, panMm: [0, 0] }, cine: stoppedCine },
  ],
  visibleCategories: ['rims', 'levels'],
  highlightedFinding: 'mass-1',
  reveal: 'all',
};

/** Goes through JSON as a stored tour step or a live-class message would. */
const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function problemsOf(raw: unknown): readonly ViewStateProblem[] {
  const result = parseViewState(raw, manifest);
  return result.ok ? [] : result.problems;
}

function documentWith(change: (doc: Record<string, unknown>) => void): Record<string, unknown> {
  const doc = throughJson(toViewDocument(full, manifest)) as Record<string, unknown>;
  change(doc);
  return doc;
}

const viewport = (doc: Record<string, unknown>, index: number) =>
  (doc.viewports as Record<string, unknown>[])[index] as Record<string, unknown>;

describe('view document', () => {
  it('names images by series and SOPInstanceUID, at the current version', () => {
    const doc = toViewDocument(full, manifest);
    expect(doc.schemaVersion).toBe(currentViewStateVersion);
    expect(currentViewStateVersion).toBe(viewStateVersions.withReveal);
    expect(doc.reveal).toBe('all');
    expect(doc.viewports.map((v) => v.image)).toEqual([
      { seriesKey: 'ct', SOPInstanceUID: '1.2.3.8' },
      { seriesKey: 'dx', SOPInstanceUID: '1.2.4.1' },
      { seriesKey: 'mr t2,fs&x', SOPInstanceUID: '1.2.5.3' },
      { seriesKey: 'ct', SOPInstanceUID: '1.2.3.1' },
    ]);
    expect(JSON.stringify(doc)).not.toContain('imageIndex');
    expect('voi' in (doc.viewports[1] ?? {})).toBe(false);
    expect('camera' in (doc.viewports[1] ?? {})).toBe(false);
  });

  it('round-trips every field: state -> document -> JSON -> parse -> the same state', () => {
    const variants: ViewState[] = [
      full,
      initialViewState('synthetic', 'ct', 4),
      { ...initialViewState('synthetic', 'dx'), primaryTool: 'EllipticalROI', highlightedFinding: null },
      {
        ...full,
        layout: '1x2',
        activeViewport: 0,
        viewports: [full.viewports[2], full.viewports[0]].filter((v) => v !== undefined),
        visibleCategories: [],
        highlightedFinding: null,
        primaryTool: 'Length',
      },
    ];
    for (const state of variants) {
      const parsed = parseViewState(throughJson(toViewDocument(state, manifest)), manifest);
      expect(parsed).toEqual({ ok: true, view: state });
    }
  });

  it('reads an absent visibleCategories as none', () => {
    const parsed = parseViewState(
      documentWith((doc) => {
        delete doc.visibleCategories;
      }),
      manifest,
    );
    expect(parsed.ok && parsed.view.visibleCategories).toEqual([]);
  });

  const cases: [string, (doc: Record<string, unknown>) => void, string, string][] = [
    ['wrong type', (d) => Object.assign(d, { highlightedFinding: 7 }), 'highlightedFinding', 'not 7'],
    ['unknown layout', (d) => Object.assign(d, { layout: '3x3' }), 'layout', "'3x3'"],
    ['active out of range', (d) => Object.assign(d, { activeViewport: 4 }), 'activeViewport', 'viewport 4'],
    ['active not whole', (d) => Object.assign(d, { activeViewport: 1.5 }), 'activeViewport', '1.5'],
    [
      'unknown series',
      (d) => Object.assign(viewport(d, 1).image as object, { seriesKey: 'pet' }),
      'viewports[1].image.seriesKey',
      "'pet'",
    ],
    [
      'image not in series',
      (d) => Object.assign(viewport(d, 0).image as object, { SOPInstanceUID: '1.2.4.1' }),
      'viewports[0].image.SOPInstanceUID',
      "series 'ct' has no image 1.2.4.1 (the link may be for another version of this case)",
    ],
    [
      'voi width 0',
      (d) => Object.assign(viewport(d, 0).voi as object, { windowWidth: 0 }),
      'viewports[0].voi.windowWidth',
      'not 0',
    ],
    [
      'voi width NaN',
      (d) => Object.assign(viewport(d, 0).voi as object, { windowWidth: Number.NaN }),
      'viewports[0].voi.windowWidth',
      'NaN',
    ],
    [
      'voi centre text',
      (d) => Object.assign(viewport(d, 0).voi as object, { windowCenter: '40' }),
      'viewports[0].voi.windowCenter',
      "'40'",
    ],
    [
      'zoom too small',
      (d) => Object.assign(viewport(d, 0).camera as object, { zoom: 0.01 }),
      'viewports[0].camera.zoom',
      '0.01',
    ],
    [
      'zoom too large',
      (d) => Object.assign(viewport(d, 0).camera as object, { zoom: 1e300 }),
      'viewports[0].camera.zoom',
      '1e+300',
    ],
    [
      'zoom infinite',
      (d) => Object.assign(viewport(d, 3).camera as object, { zoom: Number.POSITIVE_INFINITY }),
      'viewports[3].camera.zoom',
      'Infinity',
    ],
    [
      'pan NaN',
      (d) => Object.assign(viewport(d, 0).camera as object, { panMm: [1, Number.NaN] }),
      'viewports[0].camera.panMm[1]',
      'NaN',
    ],
    [
      'pan of 3',
      (d) => Object.assign(viewport(d, 0).camera as object, { panMm: [1, 2, 3] }),
      'viewports[0].camera.panMm',
      '3 items',
    ],
    [
      'fps too fast',
      (d) => Object.assign(viewport(d, 0).cine as object, { fps: 61 }),
      'viewports[0].cine.fps',
      'not 61',
    ],
    [
      'fps not whole',
      (d) => Object.assign(viewport(d, 0).cine as object, { fps: 12.5 }),
      'viewports[0].cine.fps',
      '12.5',
    ],
    [
      'fps zero',
      (d) => Object.assign(viewport(d, 2).cine as object, { fps: 0 }),
      'viewports[2].cine.fps',
      'not 0',
    ],
    ['cine missing', (d) => delete viewport(d, 1).cine, 'viewports[1].cine', 'missing'],
    ['invert text', (d) => Object.assign(viewport(d, 1), { invert: 'yes' }), 'viewports[1].invert', "'yes'"],
    ['unknown tool', (d) => Object.assign(d, { primaryTool: 'Magnify' }), 'primaryTool', "'Magnify'"],
    ['other case', (d) => Object.assign(d, { caseId: 'knee' }), 'caseId', "'knee'"],
    [
      'too few viewports',
      (d) => (d.viewports as unknown[]).pop(),
      'viewports',
      "layout '2x2' shows 4 viewports, but the view lists 3",
    ],
    [
      'duplicate category',
      (d) => Object.assign(d, { visibleCategories: ['rims', 'levels', 'rims'] }),
      'visibleCategories[2]',
      "'rims'",
    ],
    [
      'category not text',
      (d) => Object.assign(d, { visibleCategories: ['rims', null] }),
      'visibleCategories[1]',
      'null',
    ],
    [
      'unknown field',
      (d) => Object.assign(viewport(d, 0), { colour: 'red' }),
      'viewports[0].colour',
      'not a known field',
    ],
    [
      'future version',
      (d) => Object.assign(d, { schemaVersion: 3 }),
      'schemaVersion',
      'made by a newer version of DICOM Casebook',
    ],
    ['version not whole', (d) => Object.assign(d, { schemaVersion: 1.5 }), 'schemaVersion', '1.5'],
    ['version text', (d) => Object.assign(d, { schemaVersion: '1' }), 'schemaVersion', "'1'"],
  ];
  it.each(cases)('reports %s precisely', (_, change, field, inMessage) => {
    const problems = problemsOf(documentWith(change));
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0]?.message).toContain(inMessage);
    expect(problems[0]?.message).toBe(`${field}: ${problems[0]?.detail}`);
  });

  it('collects every problem, not only the first', () => {
    const problems = problemsOf(
      documentWith((d) => {
        d.layout = '1x2';
        d.activeViewport = 9;
        d.primaryTool = 'Magnify';
        Object.assign(viewport(d, 0).voi as object, { windowWidth: -1 });
        Object.assign(viewport(d, 1).image as object, { seriesKey: 'pet' });
        Object.assign(viewport(d, 2).image as object, { SOPInstanceUID: 'nope' });
        Object.assign(viewport(d, 3).cine as object, { fps: 100 });
        d.visibleCategories = ['a', 'a'];
      }),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'primaryTool',
      'viewports[0].voi.windowWidth',
      'viewports[1].image.seriesKey',
      'viewports[2].image.SOPInstanceUID',
      'viewports[3].cine.fps',
      'visibleCategories[1]',
      'viewports',
      'activeViewport',
    ]);
  });

  it('never throws, whatever it is given', () => {
    const cyclic: Record<string, unknown> = { schemaVersion: 1 };
    cyclic.viewports = [cyclic];
    const garbage: unknown[] = [
      null,
      undefined,
      [],
      [full],
      'view',
      '',
      0,
      Number.NaN,
      1e308,
      true,
      {},
      { schemaVersion: null },
      { schemaVersion: Number.POSITIVE_INFINITY },
      { schemaVersion: -1 },
      { schemaVersion: 1, viewports: 'x', layout: 5 },
      { schemaVersion: 1, layout: '1x1', viewports: [null, 3, [], 'x'] },
      { layout: '1x1', viewports: [{ seriesKey: 'ct', imageIndex: 1e308 }] },
      { viewports: [{ seriesKey: { toString: null }, imageIndex: Number.NaN }] },
      cyclic,
      Object.create(null),
    ];
    for (const raw of garbage) {
      expect(() => parseViewState(raw, manifest)).not.toThrow();
      expect(parseViewState(raw, manifest).ok).toBe(false);
    }
    expect(problemsOf(null)[0]?.message).toBe('A view must be an object, not null');
    expect(problemsOf([full])[0]?.message).toContain('not a list of 1 item');
  });
});

describe('view document version 0 (images by index)', () => {
  const v0 = {
    caseId: 'synthetic',
    layout: '1x1',
    activeViewport: 0,
    viewports: [{ seriesKey: 'ct', imageIndex: 3, invert: false }],
    visibleCategories: [],
    highlightedFinding: null,
  };

  it('upgrades through the manifest; a missing cine is stopped and a missing tool is window/level', () => {
    expect(parseViewState(v0, manifest)).toEqual({ ok: true, view: initialViewState('synthetic', 'ct', 3) });
    expect(parseViewState({ ...v0, schemaVersion: 0 }, manifest).ok).toBe(true);
    expect(migrateIndexedView({ ...v0, layout: '1x1' }, manifest).viewports[0]?.image).toEqual({
      seriesKey: 'ct',
      SOPInstanceUID: '1.2.3.4',
    });
  });

  it('reads the in-memory view of today as version 0', () => {
    const { caseId, layout, activeViewport, viewports, primaryTool, visibleCategories, highlightedFinding } =
      full;
    const today = {
      caseId,
      layout,
      activeViewport,
      viewports,
      primaryTool,
      visibleCategories,
      highlightedFinding,
    };
    expect(parseViewState(throughJson(today), manifest)).toEqual({ ok: true, view: full });
  });

  it('reports an index outside its series, with the other problems', () => {
    const problems = problemsOf({
      ...v0,
      primaryTool: 'Magnify',
      viewports: [{ seriesKey: 'ct', imageIndex: 10, invert: false, cine: { playing: 'no', fps: 15 } }],
    });
    expect(problems.map((p) => [p.field, p.value])).toEqual([
      ['primaryTool', 'Magnify'],
      ['viewports[0].cine.playing', 'no'],
      ['viewports[0].imageIndex', 10],
    ]);
    expect(problems[2]?.message).toBe(
      "viewports[0].imageIndex: series 'ct' has 10 images (0 to 9), so no image 10",
    );
    expect(
      problemsOf({ ...v0, viewports: [{ seriesKey: 'ct', imageIndex: -1, invert: false }] })[0]?.field,
    ).toBe('viewports[0].imageIndex');
    expect(
      problemsOf({ ...v0, viewports: [{ seriesKey: 'pet', imageIndex: 0, invert: false }] })[0]?.message,
    ).toBe(
      "viewports[0].seriesKey: case 'synthetic' has no series 'pet' (its series: 'ct', 'dx', 'mr t2,fs&x')",
    );
  });
});

describe('view document version 1 (before unknown-case mode)', () => {
  const v1 = () => {
    const doc = documentWith(() => {}) as Record<string, unknown>;
    delete doc.reveal;
    return { ...doc, schemaVersion: 1 };
  };

  it('opens as a known case (migration 1 -> 2: reveal all), every other field kept', () => {
    expect(parseViewState(v1(), manifest)).toEqual({ ok: true, view: full });
    const migrated = migrateRevealView(toV1(toViewDocument(full, manifest)));
    expect(migrated.schemaVersion).toBe(2);
    expect(migrated.reveal).toBe('all');
  });

  it('has no reveal field: one in a version-1 view is reported', () => {
    const problems = problemsOf({ ...v1(), reveal: 'history' });
    expect(problems.map((p) => p.field)).toEqual(['reveal']);
    expect(problems[0]?.message).toBe('reveal: is not a known field');
  });

  it('upgrades version 0 through 1 to 2 (a known case)', () => {
    const parsed = parseViewState(
      {
        caseId: 'synthetic',
        layout: '1x1',
        activeViewport: 0,
        viewports: [{ seriesKey: 'ct', imageIndex: 3, invert: false }],
        visibleCategories: [],
        highlightedFinding: null,
      },
      manifest,
    );
    expect(parsed.ok && parsed.view.reveal).toBe('all');
  });
});

describe('view document version 2 (reveal stage)', () => {
  it('round-trips every stage', () => {
    for (const reveal of ['history', 'findings', 'diagnosis', 'all'] as const) {
      const state: ViewState = { ...full, reveal };
      const doc = throughJson(toViewDocument(state, manifest));
      expect((doc as { reveal: unknown }).reveal).toBe(reveal);
      expect(parseViewState(doc, manifest)).toEqual({ ok: true, view: state });
    }
  });

  it('requires a known stage', () => {
    const missing = problemsOf(
      documentWith((d) => {
        delete d.reveal;
      }),
    );
    expect(missing.map((p) => p.field)).toEqual(['reveal']);
    const wrong = problemsOf(documentWith((d) => Object.assign(d, { reveal: 'discussion' })));
    expect(wrong.map((p) => p.field)).toEqual(['reveal']);
    expect(wrong[0]?.message).toContain("'discussion'");
    expect(wrong[0]?.message).toContain("'history'");
  });
});

/** A version-2 document as version 1 had it (no reveal). */
function toV1(doc: ReturnType<typeof toViewDocument>) {
  const { reveal: _reveal, ...rest } = doc;
  return { ...rest, schemaVersion: 1 as const };
}
