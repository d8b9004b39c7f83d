import { describe, expect, it } from 'vitest';
import { CaseLoadError, checkCaseManifest, loadCaseManifest } from './loadCaseManifest.ts';

const good = {
  schemaVersion: 1,
  caseId: 'c',
  title: 't',
  StudyInstanceUID: '1.2',
  StudyDescription: 'd',
  PatientName: 'A^B',
  PatientID: 'P',
  series: [
    {
      key: 'ct',
      SeriesInstanceUID: '1.2.3',
      SeriesNumber: 2,
      Modality: 'CT',
      SeriesDescription: 'CT',
      FrameOfReferenceUID: '1.2.4',
      Rows: 2,
      Columns: 2,
      PixelSpacing: [0.5, 0.5],
      ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
      PhotometricInterpretation: 'MONOCHROME2',
      windows: [{ WindowCenter: 40, WindowWidth: 400, explanation: 'SOFT' }],
      instances: [
        { file: 'ct/1.dcm', SOPInstanceUID: '1.2.5', InstanceNumber: 1, ImagePositionPatient: [0, 0, 0] },
      ],
    },
  ],
};
const ct = good.series[0] as (typeof good.series)[number];

describe('checkCaseManifest', () => {
  it('accepts a usable manifest', () => {
    expect(checkCaseManifest(good)).toEqual([]);
  });

  it('takes an optional display name and description (unknown-case mode), as text', () => {
    expect(checkCaseManifest({ ...good, displayName: 'Case 1', displayDescription: 'Pelvis' })).toEqual([]);
    expect(checkCaseManifest({ ...good, displayName: 7, displayDescription: null })).toEqual([
      'displayName must be a string, not 7',
      'displayDescription must be a string, not null',
    ]);
  });

  it('names what is missing or wrong, by series key', () => {
    const bad = {
      ...good,
      schemaVersion: 2,
      series: [ct, { ...ct, instances: [{ file: 'ct/2.dcm', InstanceNumber: 1 }] }],
    };
    expect(checkCaseManifest(bad)).toEqual([
      'schemaVersion must be 1, not 2',
      'series "ct": instances[0].SOPInstanceUID is missing (it must be a string)',
    ]);
    expect(checkCaseManifest({ ...good, series: [ct, ct] })).toEqual([
      'series "ct": key is used by another series',
    ]);
  });

  it('checks every field the viewer reads, so a manifest that passes never fails later', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ Rows: 0 }, 'series "ct": Rows must be a whole number from 1 to 65535, not 0'],
      [{ PixelSpacing: [0.5] }, 'series "ct": PixelSpacing must be a list of 2 items'],
      [{ PixelSpacing: [0.5, -1] }, 'series "ct": PixelSpacing[1] must be a number'],
      [{ Modality: 'XX' }, 'series "ct": Modality must be one of'],
      [{ PhotometricInterpretation: 'YBR_FULL' }, 'series "ct": PhotometricInterpretation must be one of'],
      [
        { windows: [{ WindowCenter: 40, WindowWidth: 0, explanation: '' }] },
        'series "ct": windows[0].WindowWidth',
      ],
      [{ windows: 'soft' }, 'series "ct": windows must be a list'],
      [{ instances: [] }, 'series "ct": instances must not be empty'],
      [{ key: 'a b' }, 'series "a b": key must be letters, digits'],
      [
        { ImageOrientationPatient: [1, 0, 0] },
        'series "ct": ImageOrientationPatient must be a list of 6 items',
      ],
      [{ Colour: true }, 'series "ct": Colour is not a known field'],
    ];
    for (const [change, expected] of cases) {
      const problems = checkCaseManifest({ ...good, series: [{ ...ct, ...change }] });
      expect(problems.join(' | '), JSON.stringify(change)).toContain(expected);
    }
    expect(checkCaseManifest({ ...good, series: [] })).toEqual(['series must not be empty']);
    expect(checkCaseManifest([])).toEqual(['the manifest must be an object, not a list of 0 items']);
  });

  it("takes a series without windows as one with none (the files' own windows, or a default, are used)", async () => {
    const { windows: _, ...noWindows } = ct;
    const manifest = { ...good, series: [noWindows] };
    expect(checkCaseManifest(manifest)).toEqual([]);
    const loaded = await loadCaseManifest(
      'http://host/m.json',
      (async () => new Response(JSON.stringify(manifest))) as typeof fetch,
    );
    expect(loaded.manifest.series[0]?.windows).toEqual([]);
  });
});

describe('loadCaseManifest', () => {
  const respond = (body: string, status = 200) =>
    (async () =>
      new Response(body, { status, statusText: status === 404 ? 'Not Found' : 'OK' })) as typeof fetch;

  it('returns the manifest with its absolute URL', async () => {
    const loaded = await loadCaseManifest('http://host/cases/c/manifest.json', respond(JSON.stringify(good)));
    expect(loaded.manifest.caseId).toBe('c');
    expect(loaded.manifestUrl).toBe('http://host/cases/c/manifest.json');
  });

  it('fails with the URL and the HTTP status', async () => {
    await expect(loadCaseManifest('http://host/m.json', respond('', 404))).rejects.toThrow(
      /Could not load http:\/\/host\/m.json: HTTP 404 Not Found/,
    );
  });

  it('names the address a relative case URL was fetched from, and gives the sample hint only for the sample', async () => {
    const page = 'http://host/casebook/index.html';
    const mine = loadCaseManifest('cases/x/manifest.json', respond('', 404), page);
    await expect(mine).rejects.toThrow(
      'Could not load cases/x/manifest.json (http://host/casebook/cases/x/manifest.json): HTTP 404 Not Found',
    );
    await expect(mine).rejects.not.toThrow(/ensure-sample/);
    await expect(
      loadCaseManifest('sample-dicom/tumoral-calcinosis-pubis/manifest.json', respond('', 404), page),
    ).rejects.toThrow(/npm run ensure-sample/);
  });

  it('says when the server answered with a web page instead of the manifest', async () => {
    const html = (async () =>
      new Response('<!doctype html><html></html>', {
        headers: { 'Content-Type': 'text/html' },
      })) as typeof fetch;
    await expect(loadCaseManifest('http://host/nope.json', html)).rejects.toThrow(
      'http://host/nope.json is not a case manifest: the server answered with a web page (text/html), not JSON; check the address',
    );
  });

  it('fails on invalid JSON and on a bad shape', async () => {
    await expect(loadCaseManifest('http://host/m.json', respond('{'))).rejects.toBeInstanceOf(CaseLoadError);
    await expect(loadCaseManifest('http://host/m.json', respond('{"schemaVersion":1}'))).rejects.toThrow(
      /series is missing/,
    );
  });
});
