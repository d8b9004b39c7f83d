import { describe, expect, it } from 'vitest';
import { measurementLines } from './Measurement.ts';

describe('measurementLines', () => {
  it('shows ellipse statistics in HU and area in cm²', () => {
    expect(
      measurementLines({
        kind: 'ellipse',
        id: 'a',
        seriesKey: 'ct',
        imageIndex: 3,
        valueUnit: 'HU',
        mean: 12.34,
        stdDev: 4.56,
        min: -3,
        max: 30,
        areaMm2: 314.16,
      }),
    ).toEqual(['Mean 12.3 HU', 'SD 4.6 HU', 'Min -3 HU', 'Max 30 HU', 'Area 3.14 cm²']);
  });

  it('shows a probe value without a unit on MR', () => {
    expect(
      measurementLines({
        kind: 'probe',
        id: 'b',
        seriesKey: 'mr',
        imageIndex: 0,
        valueUnit: '',
        value: 812.4,
      }),
    ).toEqual(['Value 812']);
  });

  it('shows lengths in mm', () => {
    expect(
      measurementLines({
        kind: 'length',
        id: 'c',
        seriesKey: 'ct',
        imageIndex: 0,
        valueUnit: 'HU',
        lengthMm: 23.456,
      }),
    ).toEqual(['Length 23.5 mm']);
  });
});
