/**
 * What a series opens with, read from the manifest and the first Cornerstone image shown of it: whether it
 * is MONOCHROME1, its default window (the policy is src/model/defaultVoi.ts; here only the facts are read
 * from the image) and its orientation markers. Cornerstone and src/model only.
 */
import { metaData, type Types } from '@cornerstonejs/core';
import type { ManifestSeries } from '../model/CaseManifest.ts';
import { defaultVoi } from '../model/defaultVoi.ts';
import {
  type ImageOrientationPatient,
  markersFromImageOrientation,
  markersFromPatientOrientation,
  type OrientationMarkers,
} from '../model/orientationMarkers.ts';
import type { Voi } from '../model/ViewState.ts';
import { scalarData } from './pixelValueAt.ts';

/** True when low values are shown white: the loader marks such images with `invert`; the manifest says so. */
export function isMonochrome1(series: ManifestSeries, image: Types.IImage): boolean {
  return (
    image.invert === true ||
    image.photometricInterpretation === 'MONOCHROME1' ||
    series.PhotometricInterpretation === 'MONOCHROME1'
  );
}

/** The first value of a possibly multi-valued number (Cornerstone gives WindowCenter as either). */
const firstOf = (value: number | number[] | undefined): number | undefined =>
  Array.isArray(value) ? value[0] : value;

/**
 * The window a series opens with, from the facts of its first image shown (see {@link defaultVoi}).
 * @param series - the manifest's series
 * @param image - the first image shown of it
 * @param monochrome1 - from {@link isMonochrome1}
 */
export function defaultVoiOfImage(series: ManifestSeries, image: Types.IImage, monochrome1: boolean): Voi {
  const center = firstOf(image.windowCenter);
  const width = firstOf(image.windowWidth);
  return defaultVoi({
    Modality: series.Modality,
    windows: series.windows,
    monochrome1,
    pixels: scalarData(image),
    minPixelValue: image.minPixelValue,
    maxPixelValue: image.maxPixelValue,
    slope: image.slope ?? 1,
    intercept: image.intercept ?? 0,
    preScaled: image.preScale?.scaled === true,
    colour: image.color === true,
    imageWindow:
      center !== undefined && width !== undefined && width > 0
        ? { windowCenter: center, windowWidth: width }
        : null,
  });
}

/** Orientation markers from the manifest, else from the file's ImageOrientationPatient or PatientOrientation. */
export function markersOfSeries(series: ManifestSeries, imageId: string): OrientationMarkers | null {
  if (series.ImageOrientationPatient) return markersFromImageOrientation(series.ImageOrientationPatient);
  const natural = metaData.get('naturalized', imageId) as
    | { ImageOrientationPatient?: number[]; PatientOrientation?: string[] | string }
    | undefined;
  const iop = natural?.ImageOrientationPatient;
  if (iop && iop.length === 6) return markersFromImageOrientation(iop as unknown as ImageOrientationPatient);
  return (
    markersFromPatientOrientation(series.PatientOrientation) ??
    markersFromPatientOrientation(natural?.PatientOrientation)
  );
}
