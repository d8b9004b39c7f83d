import { describe, expect, it } from 'vitest';
import type { CaseManifest } from './CaseManifest.ts';
import { syntheticSeries as series } from './syntheticStack.testutil.ts';
import { toViewDocument } from './ViewDocument.ts';
import { initialViewState, stoppedCine, type ViewState } from './ViewState.ts';
import { maxViewLinkLength, readViewLinkHash, viewLinkHash, viewStateFromLink } from './viewLink.ts';

/** Series keys and categories with characters a URL must carry safely. */
const oddKey = 'mr t2,fs&x=1#%+é';
const manifest: CaseManifest = {
  schemaVersion: 1,
  caseId: 'pubis',
  title: 'Synthetic',
  StudyInstanceUID: '1.2',
  StudyDescription: '',
  PatientName: '',
  PatientID: '',
  series: [series('ct', 100, '1.2.3'), series('dx', 1, '1.2.4'), series(oddKey, 3, '1.2.5')],
};

const twoViewports: ViewState = {
  caseId: 'pubis',
  layout: '1x2',
  activeViewport: 1,
  primaryTool: 'Probe',
  viewports: [
    {
      seriesKey: 'ct',
      imageIndex: 69,
      voi: { windowCenter: 40, windowWidth: 400 },
      invert: false,
      camera: { zoom: 1.5, panMm: [10.25, -3.5] },
      cine: stoppedCine,
    },
    { seriesKey: 'dx', imageIndex: 0, invert: true, cine: { playing: true, fps: 15 } },
  ],
  visibleCategories: ['rims', 'levels'],
  highlightedFinding: 'mass-1',
  reveal: 'all',
};

const hashOf = (state: ViewState) => viewLinkHash(toViewDocument(state, manifest));

function linkProblems(hash: string) {
  const link = viewStateFromLink(hash, manifest);
  return link.kind === 'broken' ? link.problems : [];
}

describe('view link', () => {
  it('writes the documented grammar', () => {
    expect(hashOf(twoViewports)).toBe(
      '#view=2&case=pubis&layout=1x2&active=1&tool=Probe' +
        '&s0=ct&i0=1.2.3.70&w0=400,40&z0=1.5&p0=10.25,-3.5' +
        '&s1=dx&i1=1.2.4.1&inv1=1&cine1=15' +
        '&cat=rims,levels&hl=mass-1',
    );
    expect(hashOf(initialViewState('pubis', 'ct', 3))).toBe(
      '#view=2&case=pubis&layout=1x1&active=0&tool=WindowLevel&s0=ct&i0=1.2.3.4&cat=',
    );
    expect(hashOf({ ...initialViewState('pubis', 'ct', 3), reveal: 'findings' })).toBe(
      '#view=2&reveal=findings&layout=1x1&active=0&tool=WindowLevel&s0=ct&i0=1.2.3.4&cat=',
    );
  });

  it('round-trips every field through the hash', () => {
    const variants: ViewState[] = [
      twoViewports,
      initialViewState('pubis', 'ct', 99),
      {
        ...twoViewports,
        layout: '2x2',
        activeViewport: 3,
        primaryTool: 'EllipticalROI',
        viewports: [
          ...twoViewports.viewports,
          { seriesKey: oddKey, imageIndex: 2, invert: false, cine: { playing: false, fps: 60 } },
          {
            seriesKey: 'ct',
            imageIndex: 0,
            voi: { windowCenter: -600.5, windowWidth: 1500 },
            invert: true,
            camera: { zoom: 0.05, panMm: [0, 0] },
            cine: { playing: true, fps: 1 },
          },
        ],
        visibleCategories: [],
        highlightedFinding: null,
      },
    ];
    for (const state of variants) {
      expect(viewStateFromLink(hashOf(state), manifest)).toEqual({
        kind: 'view',
        view: state,
        categoriesGiven: true,
      });
    }
  });

  it('carries any characters in series keys, categories and findings, and never a space', () => {
    const categories = ['a,b', '100%', 'x&y=z', 'sp ace', '#hash', 'plus+', '%2C', 'ünï', '', "it's (1)*!"];
    const state: ViewState = {
      ...initialViewState('pubis', oddKey, 1),
      visibleCategories: categories,
      highlightedFinding: 'a b,c&d',
    };
    const hash = hashOf(state);
    expect(hash).not.toMatch(/[\s'()!*]/);
    expect(hash.indexOf('#', 1)).toBe(-1);
    expect(viewStateFromLink(hash, manifest)).toEqual({ kind: 'view', view: state, categoriesGiven: true });
  });

  it('writes a lone surrogate (invalid UTF-16) as U+FFFD instead of throwing', () => {
    const state: ViewState = { ...initialViewState('pubis', 'ct'), highlightedFinding: 'bad\uD800' };
    const link = viewStateFromLink(hashOf(state), manifest);
    expect(link.kind === 'view' && link.view.highlightedFinding).toBe('bad\uFFFD');
  });

  it('rounds numbers to what the screen shows', () => {
    const state: ViewState = {
      ...initialViewState('pubis', 'ct'),
      viewports: [
        {
          seriesKey: 'ct',
          imageIndex: 0,
          invert: false,
          cine: stoppedCine,
          voi: { windowCenter: 40.04999, windowWidth: 0.04 },
          camera: { zoom: 1.23456, panMm: [1.23456, -0.004] },
        },
      ],
    };
    const hash = hashOf(state);
    expect(hash).toContain('&w0=0.04,40&');
    expect(hash).toContain('&z0=1.23&p0=1.23,0&');
    const link = viewStateFromLink(hash, manifest);
    expect(link.kind === 'view' && link.view.viewports[0]?.camera).toEqual({ zoom: 1.23, panMm: [1.23, 0] });
  });

  it('tells "overlays off" (cat=) from "nothing said" (no cat)', () => {
    const off = viewStateFromLink('#view=1&case=pubis&s0=ct&i0=1.2.3.1&cat=', manifest);
    expect(off.kind === 'view' && [off.categoriesGiven, off.view.visibleCategories]).toEqual([true, []]);
    const silent = viewStateFromLink('#view=1&case=pubis&s0=ct&i0=1.2.3.1', manifest);
    expect(silent.kind === 'view' && [silent.categoriesGiven, silent.view.visibleCategories]).toEqual([
      false,
      [],
    ]);
    const raw = readViewLinkHash('#view=1&case=pubis&s0=ct&i0=1.2.3.1');
    expect(raw.kind === 'view' && 'visibleCategories' in (raw.raw as object)).toBe(false);
  });

  it('fills what a hand-written link leaves out with defaults', () => {
    const link = viewStateFromLink('view=1&case=pubis&s0=ct&i0=1.2.3.5&z0=2', manifest);
    expect(link).toEqual({
      kind: 'view',
      categoriesGiven: false,
      view: {
        ...initialViewState('pubis', 'ct', 4),
        viewports: [
          {
            seriesKey: 'ct',
            imageIndex: 4,
            invert: false,
            camera: { zoom: 2, panMm: [0, 0] },
            cine: stoppedCine,
          },
        ],
      },
    });
    const panOnly = viewStateFromLink(
      '#view=1&case=pubis&s0=ct&i0=1.2.3.5&p0=3,4&cine0=24,stopped',
      manifest,
    );
    expect(panOnly.kind === 'view' && panOnly.view.viewports[0]).toMatchObject({
      camera: { zoom: 1, panMm: [3, 4] },
      cine: { playing: false, fps: 24 },
    });
  });

  it('is none without view=', () => {
    for (const hash of ['', '#', '#help', '#case=pubis&s0=ct', '#views=1', '#View=1']) {
      expect(readViewLinkHash(hash)).toEqual({ kind: 'none' });
      expect(viewStateFromLink(hash, manifest)).toEqual({ kind: 'none' });
    }
  });

  it('reports a broken link grammar by parameter', () => {
    const base = '#view=1&case=pubis&s0=ct&i0=1.2.3.1';
    const cases: [string, string, string][] = [
      [`${base}&layout=1x1&layout=2x2`, 'layout', '2 times'],
      [`${base}&colour=red`, 'colour', "'colour'"],
      [`${base}&s7=ct`, 's7', 'viewport 7'],
      [`${base}&w0=400`, 'w0', 'width,center'],
      [`${base}&p0=1,2,3`, 'p0', 'x,y'],
      [`${base}&inv0=yes`, 'inv0', "'yes'"],
      [`${base}&cine0=15,foo`, 'cine0', "'15,foo'"],
      ['#view=1&s0=ct&i0=1.2.3.1', 'case', 'no case'],
      [`${base}&i1=1.2.4.1`, 's1', 'viewport 1 no series'],
      ['#view=abc&case=pubis', 'view', "'abc'"],
      ['#view=0&case=pubis', 'view', "'0'"],
      ['#view=&case=pubis', 'view', "''"],
    ];
    for (const [hash, field, inMessage] of cases) {
      const read = readViewLinkHash(hash);
      expect(read.kind, hash).toBe('broken');
      const problems = read.kind === 'broken' ? read.problems : [];
      expect(
        problems.map((p) => p.field),
        hash,
      ).toEqual([field]);
      expect(problems[0]?.message).toContain(inMessage);
    }
  });

  it('collects every grammar problem', () => {
    const problems = linkProblems('#view=1&s0=ct&s0=dx&w0=1&inv0=2&s9=x&foo=1');
    expect(problems.map((p) => p.field)).toEqual(['s0', 's9', 'foo', 'case', 'i0', 'w0', 'inv0']);
  });

  it('leaves value problems to parseViewState, named by document field', () => {
    const problems = linkProblems(
      '#view=1&case=knee&layout=1x2&active=2&tool=Magnify&s0=ct&i0=1.2.3.999&w0=-5,abc&z0=500&cine0=99',
    );
    expect(problems.map((p) => p.field)).toEqual([
      'caseId',
      'primaryTool',
      'viewports[0].image.SOPInstanceUID',
      'viewports[0].voi.windowCenter',
      'viewports[0].voi.windowWidth',
      'viewports[0].camera.zoom',
      'viewports[0].cine.fps',
      'viewports',
      'activeViewport',
    ]);
    expect(problems[2]?.message).toBe(
      "viewports[0].image.SOPInstanceUID: series 'ct' has no image 1.2.3.999 (the link may be for another version of this case)",
    );
    expect(problems[3]?.message).toContain("'abc'");
    expect(problems[5]?.message).toContain('500');
  });

  it('says a link from a newer version is one', () => {
    expect(readViewLinkHash('#view=3&whatever=x')).toEqual({ kind: 'view', raw: { schemaVersion: 3 } });
    const problems = linkProblems('#view=3&whatever=x');
    expect(problems.map((p) => p.field)).toEqual(['schemaVersion']);
    expect(problems[0]?.message).toContain('made by a newer version of DICOM Casebook');
  });

  it('never throws on garbage', () => {
    expect(linkProblems('#view=1&case=pubis&layout=%ZZ&s0=ct&i0=1.2.3.1').map((p) => p.field)).toEqual([
      'layout',
    ]);
    expect(linkProblems('#view=1&case=pubis&s0=ct&i0=1.2.3.1&z0=1e999')[0]?.message).toContain('Infinity');
    expect(linkProblems('#view=1&case=pubis&s0=ct&i0=1.2.3.1&active=0x1')[0]?.message).toContain("'0x1'");
    const long = `#view=1&case=pubis&cat=${'a,'.repeat(maxViewLinkLength)}`;
    expect(linkProblems(long).map((p) => p.field)).toEqual(['']);
    expect(linkProblems(long)[0]?.message).toMatch(/^The link is too long/);
    expect(linkProblems(`#view=${'9'.repeat(400)}`)[0]?.field).toBe('schemaVersion');
    // A seeded random walk over the characters that matter to the grammar.
    const alphabet = [
      'view=1',
      'case=pubis',
      '&',
      '=',
      ',',
      '%',
      '%ZZ',
      '%2C',
      '#',
      '+',
      's0',
      'i1',
      'w0',
      'z3',
      'p2',
      'cine0',
      'inv0',
      'cat',
      'hl',
      'stopped',
      '1',
      '-',
      '.',
      'e',
      'ct',
      'NaN',
      '\u0000',
      '\uD800',
    ];
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let run = 0; run < 2000; run++) {
      let hash = '#view=1&';
      const length = next() % 30;
      for (let i = 0; i < length; i++) hash += alphabet[next() % alphabet.length];
      expect(() => viewStateFromLink(hash, manifest), hash).not.toThrow();
    }
  });
});

describe('view link: reveal stage (unknown-case mode)', () => {
  it('round-trips every stage; a known case writes no reveal', () => {
    for (const reveal of ['history', 'findings', 'diagnosis', 'all'] as const) {
      const state: ViewState = { ...twoViewports, reveal };
      const hash = hashOf(state);
      expect(hash.includes('reveal='), hash).toBe(reveal !== 'all');
      expect(viewStateFromLink(hash, manifest)).toEqual({ kind: 'view', view: state, categoriesGiven: true });
    }
  });

  it("leaves the case id out of an unknown case's link (it may name the diagnosis); without it, the open case", () => {
    const unknown = hashOf({ ...twoViewports, reveal: 'history' });
    expect(unknown).not.toContain('case=');
    expect(hashOf(twoViewports)).toContain('case=pubis');
    const link = viewStateFromLink('#view=2&s0=ct&i0=1.2.3.5', manifest);
    expect(link.kind === 'view' && link.view.caseId).toBe('pubis');
    expect(linkProblems('#view=1&s0=ct&i0=1.2.3.5').map((p) => p.field)).toEqual(['case']);
    expect(linkProblems('#view=2&case=elbow&s0=ct&i0=1.2.3.5').map((p) => p.field)).toEqual(['caseId']);
  });

  it('still opens a version-1 link, as a known case', () => {
    const link = viewStateFromLink('#view=1&case=pubis&s0=ct&i0=1.2.3.5&cat=rims', manifest);
    expect(link.kind === 'view' && link.view).toEqual({
      ...initialViewState('pubis', 'ct', 4),
      visibleCategories: ['rims'],
    });
    expect(link.kind === 'view' && link.view.reveal).toBe('all');
  });

  it('reports reveal in a version-1 link (it came with view=2)', () => {
    const problems = linkProblems('#view=1&case=pubis&reveal=history&s0=ct&i0=1.2.3.5');
    expect(problems.map((p) => p.field)).toEqual(['reveal']);
    expect(problems[0]?.message).toContain('reveal came with view=2');
  });

  it("opens the short form on the case's opening view at its stage", () => {
    expect(viewStateFromLink('#view=2&reveal=history', manifest)).toEqual({
      kind: 'opening',
      reveal: 'history',
    });
    expect(viewStateFromLink('#reveal=findings&view=2&case=pubis', manifest)).toEqual({
      kind: 'opening',
      reveal: 'findings',
    });
    expect(viewStateFromLink('#view=2', manifest)).toEqual({ kind: 'opening', reveal: 'all' });
  });

  it('reports a short form with an unknown stage or another case', () => {
    const stage = linkProblems('#view=2&reveal=discussion');
    expect(stage.map((p) => p.field)).toEqual(['reveal']);
    expect(stage[0]?.message).toContain("'discussion'");
    const other = linkProblems('#view=2&case=elbow&reveal=history');
    expect(other.map((p) => p.field)).toEqual(['caseId']);
    expect(other[0]?.message).toContain("open case is 'pubis'");
  });

  it("keeps a broken link's unknown stage, so a mistyped link never opens an unknown case known", () => {
    const broken = viewStateFromLink('#view=2&reveal=findings&layout=3x3&s0=ct&i0=1.2.3.5', manifest);
    expect(broken.kind === 'broken' && broken.reveal).toBe('findings');
    const badStage = viewStateFromLink('#view=2&reveal=histroy', manifest);
    expect(badStage.kind === 'broken' && badStage.reveal).toBe('history');
    const known = viewStateFromLink('#view=2&layout=3x3&s0=ct&i0=1.2.3.5', manifest);
    expect(known.kind === 'broken' && 'reveal' in known).toBe(false);
    const all = viewStateFromLink('#view=2&reveal=all&layout=3x3&s0=ct&i0=1.2.3.5', manifest);
    expect(all.kind === 'broken' && 'reveal' in all).toBe(false);
  });

  it('reads a full link with an unknown stage as a problem of the document field', () => {
    const problems = linkProblems('#view=2&case=pubis&reveal=everything&s0=ct&i0=1.2.3.5');
    expect(problems.map((p) => p.field)).toEqual(['reveal']);
  });
});
