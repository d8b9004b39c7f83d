/**
 * Finds where an annotation belongs in a case: its series, the image it was drawn on, and its points in that
 * image's pixel grid; or says precisely why it cannot be placed. Pure; depends on src/model only (its
 * geometry included).
 */
import type { CaseManifest, ManifestSeries } from '../model/CaseManifest.ts';
import {
  halfSliceThicknessMm,
  type ImagePlane,
  type ImagePoint,
  imagePlane,
  isInsideImage,
  type WorldPoint,
  worldToImage,
} from '../model/geometry.ts';
import type { KeyImage, TeachingAnnotation } from '../model/TeachingAnnotation.ts';
import type { Voi } from '../model/ViewState.ts';

/** An annotation located in the case. */
export interface Placement {
  readonly annotation: TeachingAnnotation;
  readonly series: ManifestSeries;
  /** Index (display order) of the image the annotation was drawn on. */
  readonly imageIndex: number;
  /** The plane of that image; absent for projection images. */
  readonly plane?: ImagePlane;
  /** The annotation's points as [column, row] on that image. */
  readonly imagePoints: readonly ImagePoint[];
  /** For patient-space annotations: each point's signed distance from the image plane, mm. */
  readonly distancesMm: readonly number[];
}

/** The outcome: a placement, or the reasons (field + what is wrong) it cannot be placed. */
export type PlacementResult =
  | { readonly ok: true; readonly placement: Placement; readonly warnings: readonly PlacementIssue[] }
  | { readonly ok: false; readonly issues: readonly PlacementIssue[] };

/** One thing wrong with where an annotation says it is. */
export interface PlacementIssue {
  readonly field: string;
  readonly detail: string;
}

/** How far (mm) beyond half a slice thickness a point may sit off its image before it is reported. */
const PLANE_TOLERANCE_MM = 0.01;

/**
 * Places an annotation on the image it names.
 * Hard failures (ok: false): unknown series or SOP instance, wrong FrameOfReferenceUID, a coordinate space
 * that does not fit the series. Warnings (ok: true): points outside the image, or further than half a slice
 * thickness from the image plane.
 * @param annotation - a validated annotation
 * @param manifest - the case manifest
 */
export function placeAnnotation(annotation: TeachingAnnotation, manifest: CaseManifest): PlacementResult {
  const { image } = annotation;
  const series = manifest.series.find((s) => s.key === image.seriesKey);
  if (!series) {
    const keys = manifest.series.map((s) => s.key).join(', ');
    return fail(
      'image.seriesKey',
      `image.seriesKey '${image.seriesKey}' is not a series of the case (${keys})`,
    );
  }
  const imageIndex = series.instances.findIndex((i) => i.SOPInstanceUID === image.SOPInstanceUID);
  if (imageIndex < 0) {
    return fail(
      'image.SOPInstanceUID',
      `image.SOPInstanceUID ${image.SOPInstanceUID} is not an image of series '${series.key}'`,
    );
  }
  const warnings: PlacementIssue[] = [];
  const outside = (points: readonly ImagePoint[]) => {
    points.forEach((p, i) => {
      if (!isInsideImage(series, p)) {
        warnings.push({
          field: `points[${i}]`,
          detail: `points[${i}] falls outside the image (column ${p[0].toFixed(1)}, row ${p[1].toFixed(1)} of ${series.Columns}×${series.Rows})`,
        });
      }
    });
  };
  if (annotation.space === 'pixel') {
    if (series.ImageOrientationPatient) {
      return fail(
        'space',
        `series '${series.key}' is cross-sectional: its annotations must use patient coordinates, not pixels`,
      );
    }
    outside(annotation.points);
    return {
      ok: true,
      warnings,
      placement: { annotation, series, imageIndex, imagePoints: annotation.points, distancesMm: [] },
    };
  }
  const plane = imagePlane(series, imageIndex);
  if (!plane || !series.FrameOfReferenceUID) {
    return fail(
      'space',
      `series '${series.key}' is a projection image without patient geometry: use pixel coordinates`,
    );
  }
  const frame = annotation.image.FrameOfReferenceUID;
  if (frame !== series.FrameOfReferenceUID) {
    return fail(
      'image.FrameOfReferenceUID',
      `image.FrameOfReferenceUID ${frame} is not the frame of series '${series.key}' (${series.FrameOfReferenceUID})`,
    );
  }
  const projected = annotation.points.map((p: WorldPoint) => worldToImage(plane, p));
  const imagePoints = projected.map((p) => p.point);
  const distancesMm = projected.map((p) => p.distanceMm);
  outside(imagePoints);
  const half = halfSliceThicknessMm(series);
  distancesMm.forEach((d, i) => {
    if (Math.abs(d) > half + PLANE_TOLERANCE_MM) {
      warnings.push({
        field: `points[${i}]`,
        detail: `points[${i}] lies ${Math.abs(d).toFixed(2)} mm off the plane of its image (more than half the ${(2 * half).toFixed(2)} mm slice)`,
      });
    }
  });
  return {
    ok: true,
    warnings,
    placement: { annotation, series, imageIndex, plane, imagePoints, distancesMm },
  };
}

/** Where a case opens: its key image found in the manifest. */
export interface KeyImagePlacement {
  readonly series: ManifestSeries;
  /** Index (display order) of the key image. */
  readonly imageIndex: number;
  /** The window it opens in; absent: the series' default. */
  readonly voi?: Voi;
}

/** A key image placed (perhaps with warnings), or why it cannot be. */
export type KeyImagePlacementResult =
  | { readonly ok: true; readonly placement: KeyImagePlacement; readonly warnings: readonly PlacementIssue[] }
  | { readonly ok: false; readonly issues: readonly PlacementIssue[] };

/**
 * Finds a case's key image: the series by key, the image by SOPInstanceUID. The InstanceNumber is only a
 * readable hint: when it disagrees with the image the UID names, the UID wins and a warning says so.
 * @param keyImage - the file's keyImage
 * @param manifest - the case manifest
 */
export function placeKeyImage(keyImage: KeyImage, manifest: CaseManifest): KeyImagePlacementResult {
  const series = manifest.series.find((s) => s.key === keyImage.seriesKey);
  if (!series) {
    const keys = manifest.series.map((s) => s.key).join(', ');
    return {
      ok: false,
      issues: [
        {
          field: 'keyImage.seriesKey',
          detail: `keyImage.seriesKey '${keyImage.seriesKey}' is not a series of the case (${keys})`,
        },
      ],
    };
  }
  const imageIndex = series.instances.findIndex((i) => i.SOPInstanceUID === keyImage.SOPInstanceUID);
  if (imageIndex < 0) {
    return {
      ok: false,
      issues: [
        {
          field: 'keyImage.SOPInstanceUID',
          detail: `keyImage.SOPInstanceUID ${keyImage.SOPInstanceUID} is not an image of series '${series.key}'`,
        },
      ],
    };
  }
  const warnings: PlacementIssue[] = [];
  const actual = series.instances[imageIndex]?.InstanceNumber;
  if (keyImage.InstanceNumber !== undefined && actual !== keyImage.InstanceNumber) {
    warnings.push({
      field: 'keyImage.InstanceNumber',
      detail: `keyImage.InstanceNumber ${keyImage.InstanceNumber} does not match the image its SOPInstanceUID names (InstanceNumber ${actual})`,
    });
  }
  const { window } = keyImage;
  const voi = window ? { windowCenter: window.WindowCenter, windowWidth: window.WindowWidth } : undefined;
  return { ok: true, warnings, placement: { series, imageIndex, ...(voi ? { voi } : {}) } };
}

function fail(field: string, detail: string): PlacementResult {
  return { ok: false, issues: [{ field, detail }] };
}
