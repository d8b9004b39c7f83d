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
  series: [{ key: 'ct', Modality: 'CT', Rows: 2, Columns: 2, instances: [{ file: 'ct/1.dcm' }] }],
};

describe('checkCaseManifest', () => {
  it('accepts a usable manifest', () => {
    expect(checkCaseManifest(good)).toEqual([]);
  });

  it('takes an optional display name and description (unknown-case mode), as text', () => {
    expect(checkCaseManifest({ ...good, displayName: 'Case 1', displayDescription: 'Pelvis' })).toEqual([]);
    expect(checkCaseManifest({ ...good, displayName: 7, displayDescription: null })).toEqual([
      'displayName must be text when given',
      'displayDescription must be text when given',
    ]);
  });

  it('names what is missing', () => {
    const bad = {
      ...good,
      schemaVersion: 2,
      series: [good.series[0], { key: 'ct', Modality: 'CT', Rows: 2, Columns: 2, instances: [{}] }],
    };
    expect(checkCaseManifest(bad)).toEqual([
      'schemaVersion is 2, expected 1',
      'series "ct": key is used twice',
      'series "ct": instances[0].file is missing',
    ]);
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
      /series is missing or empty/,
    );
  });
});
