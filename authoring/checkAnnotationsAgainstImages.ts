/**
 * Checks a validated annotations file against the case's images: every annotation placed on an existing
 * image of the right frame, inside the image and on its plane; the image file itself agrees with the
 * manifest; and each finding sits on what its category claims (pixel checks on CT).
 * Authoring tooling for `npm run validate`, not part of the app. Pure: the caller supplies the images (Node
 * reads files, tests build them).
 */
import { type AnnotationProblem, makeProblem, type ProblemRecord } from '../src/model/AnnotationProblem.ts';
import type { CaseManifest, WorldPoint } from '../src/model/CaseManifest.ts';
import type { AnnotationFile } from '../src/model/TeachingAnnotation.ts';
import { placeAnnotation } from '../src/teaching/placeAnnotation.ts';
import { type ClaimResult, checkClaim, type PixelImage, pixelClaimFor } from './checkFindingPixels.ts';

/** An image as read from its file: what it says about itself, and its pixels in output units. */
export interface ImageFromFile extends PixelImage {
  readonly SOPInstanceUID: string;
  readonly Modality: string;
  readonly FrameOfReferenceUID?: string;
  readonly ImagePositionPatient?: WorldPoint;
  readonly PhotometricInterpretation?: string;
}

/** Supplies the image of a series by SOP instance; returns an Error (not throws) when it cannot. */
export type ImageSource = (seriesKey: string, SOPInstanceUID: string) => ImageFromFile | Error;

/** One annotation's pixel check, for the report. */
export interface CheckedFinding {
  readonly annotationId: string;
  readonly claim: string;
  readonly result: ClaimResult;
}

/** What was checked and what is wrong. */
export interface ImageCheckReport {
  readonly problems: readonly AnnotationProblem[];
  readonly checked: readonly CheckedFinding[];
  /** Annotations placed correctly but with no pixel claim to check (anatomy, MR, radiograph, labels). */
  readonly placementOnly: readonly string[];
}

/** Options for {@link checkAnnotationsAgainstImages}. */
export interface ImageCheckOptions {
  /** x of the patient's mid-sagittal plane in the CT frame, for mirror comparisons; 0 by default. */
  readonly midlineXMm?: number;
  /** Column of the mid-sagittal plane on projection images, by series key; the middle column by default. */
  readonly midlineColumn?: Readonly<Record<string, number>>;
}

/**
 * Runs every check.
 * @param file - a schema-valid annotations file
 * @param manifest - the case manifest
 * @param images - reads an image's file
 * @param fileName - how messages name the annotations file
 * @param options - midline
 */
export function checkAnnotationsAgainstImages(
  file: AnnotationFile,
  manifest: CaseManifest,
  images: ImageSource,
  fileName: string,
  options: ImageCheckOptions = {},
): ImageCheckReport {
  const problems: AnnotationProblem[] = [];
  const checked: CheckedFinding[] = [];
  const placementOnly: string[] = [];
  file.annotations.forEach((annotation, index) => {
    const record: ProblemRecord = { type: 'annotation', id: annotation.id, index };
    const report = (field: string, detail: string) =>
      problems.push(makeProblem(fileName, record, field, detail));
    const placed = placeAnnotation(annotation, manifest);
    if (!placed.ok) {
      for (const issue of placed.issues) report(issue.field, issue.detail);
      return;
    }
    for (const warning of placed.warnings) report(warning.field, warning.detail);
    const { placement } = placed;
    const image = images(placement.series.key, annotation.image.SOPInstanceUID);
    if (image instanceof Error) {
      report(
        'image',
        `the image file of ${annotation.image.SOPInstanceUID} cannot be read: ${image.message}`,
      );
      return;
    }
    if (image.SOPInstanceUID !== annotation.image.SOPInstanceUID) {
      report(
        'image.SOPInstanceUID',
        `the image file holds SOPInstanceUID ${image.SOPInstanceUID}, not ${annotation.image.SOPInstanceUID}`,
      );
      return;
    }
    if (image.Rows !== placement.series.Rows || image.Columns !== placement.series.Columns) {
      report(
        'image',
        `the image file is ${image.Columns}×${image.Rows}, the manifest says ${placement.series.Columns}×${placement.series.Rows}`,
      );
      return;
    }
    if (annotation.space === 'patient') {
      if (image.FrameOfReferenceUID !== annotation.image.FrameOfReferenceUID) {
        report(
          'image.FrameOfReferenceUID',
          `the image file's FrameOfReferenceUID is ${image.FrameOfReferenceUID ?? '(none)'}, not ${annotation.image.FrameOfReferenceUID}`,
        );
        return;
      }
      const fromManifest = placement.plane?.origin;
      const fromFile = image.ImagePositionPatient;
      if (
        fromManifest &&
        (!fromFile || fromFile.some((v, i) => Math.abs(v - (fromManifest[i] ?? 0)) > 1e-3))
      ) {
        report(
          'image',
          `the image file's ImagePositionPatient ${JSON.stringify(fromFile)} differs from the manifest's ${JSON.stringify(fromManifest)}`,
        );
        return;
      }
    }
    const claim = pixelClaimFor(annotation.category, image.Modality, annotation.kind);
    if (!claim) {
      placementOnly.push(annotation.id);
      return;
    }
    const result = checkClaim(claim, placement, image, {
      midlineXMm: options.midlineXMm ?? 0,
      midlineColumn: options.midlineColumn?.[placement.series.key] ?? (image.Columns - 1) / 2,
      PhotometricInterpretation:
        image.PhotometricInterpretation ?? placement.series.PhotometricInterpretation,
    });
    checked.push({ annotationId: annotation.id, claim, result });
    if (!result.ok) report('points', result.detail);
  });
  return { problems, checked, placementOnly };
}
