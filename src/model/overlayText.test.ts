import { describe, expect, it } from 'vitest';
import { worldPoint } from './geometry.ts';
import {
  caseNamesAt,
  formatImageNumber,
  formatImageNumberShowing,
  formatPatientLine,
  formatSliceLocation,
  formatZoom,
  sliceLocationMm,
} from './overlayText.ts';

describe('overlay text', () => {
  it('numbers images from 1', () => {
    expect(formatImageNumber(56, 142)).toBe('Im 57/142');
  });

  it('says which slice is on screen while the asked one loads or failed', () => {
    expect(formatImageNumberShowing(119, 119, 200)).toBe('Im 120/200');
    expect(formatImageNumberShowing(119, 117, 200)).toBe('Im 120/200 (showing 118, loading)');
    expect(formatImageNumberShowing(119, 117, 200, true)).toBe('Im 120/200 (showing 118, failed)');
    expect(formatImageNumberShowing(119, -1, 200)).toBe('Im 120/200');
  });

  it('slice location is z on an axial stack and x on a sagittal one', () => {
    expect(sliceLocationMm(worldPoint(-200, -150, -87.5), [1, 0, 0, 0, 1, 0])).toBeCloseTo(-87.5);
    // sagittal: rows toward posterior, columns toward feet; normal = row × column = (-1, 0, 0)
    expect(sliceLocationMm(worldPoint(12, -150, 50), [0, 1, 0, 0, 0, -1])).toBeCloseTo(-12);
    expect(formatSliceLocation(-87.49)).toBe('Loc -87.5 mm');
  });

  it('zoom is a percentage of the fitted size', () => {
    expect(formatZoom(1)).toBe('Zoom 100%');
    expect(formatZoom(2.345)).toBe('Zoom 235%');
  });

  it('shows the DICOM person name readably', () => {
    expect(formatPatientLine({ PatientName: 'CASEBOOK^Teaching^^', PatientID: 'TC-001' })).toBe(
      'CASEBOOK Teaching (TC-001)',
    );
  });
});

describe('caseNamesAt', () => {
  const manifest = {
    title: 'Uremic tumoral calcinosis of the pubis',
    PatientName: 'CASEBOOK^TUMORAL CALCINOSIS',
    PatientID: 'CB-0001',
    StudyDescription: 'PELVIS CT',
    displayName: 'Case 1 — pelvic mass',
    displayDescription: 'Pelvis: CT and MR',
  };

  it('shows a known case under its own names', () => {
    expect(caseNamesAt(manifest, 'all')).toEqual({
      title: manifest.title,
      documentTitle: 'DICOM Casebook',
      patientLine: 'CASEBOOK TUMORAL CALCINOSIS (CB-0001)',
      studyLine: 'PELVIS CT',
    });
  });

  it('shows an unknown case, at every stage before all, under its display name only', () => {
    for (const stage of ['history', 'findings', 'diagnosis'] as const) {
      const names = caseNamesAt(manifest, stage);
      expect(names).toEqual({
        title: 'Case 1 — pelvic mass',
        documentTitle: 'Case 1 — pelvic mass · DICOM Casebook',
        patientLine: 'Case 1 — pelvic mass',
        studyLine: 'Pelvis: CT and MR',
      });
      expect(JSON.stringify(names)).not.toMatch(/calcinosis|tumoral|uremic/i);
    }
  });

  it('calls an unknown case without a display name "Unknown case"', () => {
    const { displayName: _name, displayDescription: _description, ...bare } = manifest;
    expect(caseNamesAt(bare, 'history')).toMatchObject({
      title: 'Unknown case',
      patientLine: 'Unknown case',
      studyLine: '',
    });
    expect(caseNamesAt({ ...bare, displayName: '  ' }, 'history').title).toBe('Unknown case');
  });
});
