/**
 * A measurement a learner made (HU probe, length, elliptical ROI): plain values read from the viewer so the
 * measurements panel and tests never touch Cornerstone's annotation objects. Pure types and formatting.
 */

/** Kinds of measurement the viewer's tools make. */
export type MeasurementKind = 'probe' | 'length' | 'ellipse';

interface MeasurementBase {
  /** Id of the annotation that holds it (stable while it exists). */
  readonly id: string;
  readonly seriesKey: string;
  /** 0-based index of the image it was made on. */
  readonly imageIndex: number;
  /** Unit of pixel values: `HU` on CT, '' for MR and radiographs (arbitrary units). */
  readonly valueUnit: string;
}

/** A single pixel's value. */
export interface ProbeMeasurement extends MeasurementBase {
  readonly kind: 'probe';
  readonly value: number;
}

/** A distance between two points, mm. */
export interface LengthMeasurement extends MeasurementBase {
  readonly kind: 'length';
  readonly lengthMm: number;
}

/** Statistics inside an ellipse. */
export interface EllipseMeasurement extends MeasurementBase {
  readonly kind: 'ellipse';
  readonly mean: number;
  readonly stdDev: number;
  readonly min: number;
  readonly max: number;
  readonly areaMm2: number;
}

/** Any measurement. */
export type Measurement = ProbeMeasurement | LengthMeasurement | EllipseMeasurement;

function withUnit(value: number, unit: string, digits = 1): string {
  const text = value.toFixed(digits);
  return unit ? `${text} ${unit}` : text;
}

/**
 * The values of a measurement as short labelled lines, as the measurements panel shows them, e.g.
 * `['Mean 12.3 HU', 'SD 4.5 HU', ...]`.
 */
export function measurementLines(m: Measurement): readonly string[] {
  switch (m.kind) {
    case 'probe':
      return [`Value ${withUnit(m.value, m.valueUnit, 0)}`];
    case 'length':
      return [`Length ${m.lengthMm.toFixed(1)} mm`];
    case 'ellipse':
      return [
        `Mean ${withUnit(m.mean, m.valueUnit)}`,
        `SD ${withUnit(m.stdDev, m.valueUnit)}`,
        `Min ${withUnit(m.min, m.valueUnit, 0)}`,
        `Max ${withUnit(m.max, m.valueUnit, 0)}`,
        `Area ${(m.areaMm2 / 100).toFixed(2)} cm²`,
      ];
  }
}

/** Human name of a measurement kind. */
export const measurementKindLabel: Readonly<Record<MeasurementKind, string>> = {
  probe: 'Probe',
  length: 'Length',
  ellipse: 'Ellipse ROI',
};
