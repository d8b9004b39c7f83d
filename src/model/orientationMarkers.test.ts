import { describe, expect, it } from 'vitest';
import { worldVector } from './geometry.ts';
import {
  directionLabel,
  markersFromImageOrientation,
  markersFromPatientOrientation,
} from './orientationMarkers.ts';

describe('markersFromImageOrientation', () => {
  it('axial (rows toward patient left, columns toward posterior): R on screen left, A on top', () => {
    expect(markersFromImageOrientation([1, 0, 0, 0, 1, 0])).toEqual({
      left: 'R',
      right: 'L',
      top: 'A',
      bottom: 'P',
    });
  });

  it('coronal (rows toward left, columns toward feet): R left, S top', () => {
    expect(markersFromImageOrientation([1, 0, 0, 0, 0, -1])).toEqual({
      left: 'R',
      right: 'L',
      top: 'S',
      bottom: 'I',
    });
  });

  it('sagittal (rows toward posterior, columns toward feet): A left, S top', () => {
    expect(markersFromImageOrientation([0, 1, 0, 0, 0, -1])).toEqual({
      left: 'A',
      right: 'P',
      top: 'S',
      bottom: 'I',
    });
  });

  it('oblique axial tilted 30° about the left-right axis: two letters, strongest first', () => {
    const angle = (30 * Math.PI) / 180;
    const markers = markersFromImageOrientation([1, 0, 0, 0, Math.cos(angle), -Math.sin(angle)]);
    expect(markers.left).toBe('R');
    expect(markers.right).toBe('L');
    expect(markers.top).toBe('AS');
    expect(markers.bottom).toBe('PI');
  });

  it('ignores a small gantry tilt below 10°', () => {
    const angle = (5 * Math.PI) / 180;
    expect(markersFromImageOrientation([1, 0, 0, 0, Math.cos(angle), -Math.sin(angle)]).top).toBe('A');
  });

  it('labels an oblique direction with up to three letters', () => {
    expect(directionLabel(worldVector(1, 1, 1))).toBe('LPS');
    expect(directionLabel(worldVector(-0.2, -0.9, 0.1))).toBe('AR');
    expect(directionLabel(worldVector(0, 0, 0))).toBe('');
  });
});

describe('markersFromPatientOrientation', () => {
  it('AP radiograph (L\\F): R on screen left, S on top', () => {
    expect(markersFromPatientOrientation('L\\F')).toEqual({ left: 'R', right: 'L', top: 'S', bottom: 'I' });
    expect(markersFromPatientOrientation(['L', 'F'])).toEqual({
      left: 'R',
      right: 'L',
      top: 'S',
      bottom: 'I',
    });
  });

  it('PA radiograph (R\\F): L on screen left', () => {
    expect(markersFromPatientOrientation(['R', 'F'])).toEqual({
      left: 'L',
      right: 'R',
      top: 'S',
      bottom: 'I',
    });
  });

  it('compound codes map H/F to S/I', () => {
    expect(markersFromPatientOrientation(['LH', 'PF'])).toEqual({
      left: 'RI',
      right: 'LS',
      top: 'AS',
      bottom: 'PI',
    });
  });

  it('returns null for missing or malformed values', () => {
    expect(markersFromPatientOrientation(undefined)).toBeNull();
    expect(markersFromPatientOrientation('L')).toBeNull();
    expect(markersFromPatientOrientation(['L', 'X'])).toBeNull();
    expect(markersFromPatientOrientation(['', 'F'])).toBeNull();
  });
});
