/**
 * Checks that a placed finding sits on what it claims, by sampling the image it was drawn on (CT, in HU):
 * a fluid–calcium level has calcium just posterior and fluid just anterior; a rim outline runs over
 * calcified rim; an osteolysis outline holds less bone than its mirror image across the midline.
 * The categories and HU ranges are this sample case's, so the check is authoring tooling (Node side, run by
 * `npm run validate`), not part of the app. Pure maths on a pixel array; reading DICOM files is someone
 * else's job.
 */
import {
  displacement,
  dot,
  type ImagePlane,
  type ImagePoint,
  imagePoint,
  norm,
  scale,
  sub,
  translate,
  type WorldPoint,
  worldPoint,
  worldToImage,
  worldVector,
} from '../src/model/geometry.ts';
import type { Placement } from '../src/teaching/placeAnnotation.ts';

/** One image's pixel values in output units (HU on CT: RescaleSlope/Intercept applied), row-major. */
export interface PixelImage {
  readonly Rows: number;
  readonly Columns: number;
  readonly values: ArrayLike<number>;
}

/** The claims the validator knows how to check against pixels. */
export type PixelClaim = 'fluid-calcium-level' | 'calcified-rim' | 'bone-loss' | 'denser-than-mirror';

/** When a claim applies: the annotation's category, the image's Modality, the annotation's kind. */
export interface PixelClaimRule {
  readonly category: string;
  readonly modalities: readonly string[];
  readonly kinds: readonly string[];
  readonly claim: PixelClaim;
}

/** What each category of the format claims, per modality (anything else is checked for placement only). */
export const PIXEL_CLAIM_RULES: readonly PixelClaimRule[] = [
  { category: 'fluid-calcium-level', modalities: ['CT'], kinds: ['line'], claim: 'fluid-calcium-level' },
  { category: 'calcified-rim', modalities: ['CT'], kinds: ['polyline'], claim: 'calcified-rim' },
  { category: 'pubic-osteolysis', modalities: ['CT'], kinds: ['polyline'], claim: 'bone-loss' },
  { category: 'mass-extent', modalities: ['DX', 'CR'], kinds: ['polyline'], claim: 'denser-than-mirror' },
];

/**
 * The claim an annotation makes on an image, if any.
 * @param category - the annotation's category id
 * @param modality - the image's Modality
 * @param kind - the annotation's kind
 */
export function pixelClaimFor(category: string, modality: string, kind: string): PixelClaim | undefined {
  return PIXEL_CLAIM_RULES.find(
    (r) => r.category === category && r.modalities.includes(modality) && r.kinds.includes(kind),
  )?.claim;
}

/** CT ranges the checks use, HU, from the case brief with room for noise and partial volume. */
export const CLAIM_HU = {
  /** Serous supernatant: ≈ 0–25 HU in the brief. */
  fluid: [-30, 60],
  /** Dependent calcium layer: ≈ 300–900 HU in the brief; lower bound allows the blurred edge. */
  calcium: [200, 1300],
  /** Calcified rim ≈ 500–1200 HU; a 1–2 mm rim is partial-volumed, so its peak near the line counts. */
  rimMin: 300,
  /** Bone (cancellous 200–400, cortex 1000–1900). */
  boneMin: 180,
} as const;

/** The outcome of one check, with the numbers behind it (for messages and reports). */
export interface ClaimResult {
  readonly ok: boolean;
  /** What was found, phrased for the author: why it fails, or what it measured. */
  readonly detail: string;
  readonly measured: Readonly<Record<string, number>>;
}

/**
 * Bilinear sample at continuous [column, row]; NaN outside the pixel centres' hull.
 * @param image - pixels
 * @param point - [column, row]; [0, 0] is the centre of the first pixel
 */
export function sampleImage(image: PixelImage, point: ImagePoint): number {
  const [x, y] = point;
  if (!(x >= 0 && y >= 0 && x <= image.Columns - 1 && y <= image.Rows - 1)) return Number.NaN;
  const x0 = Math.min(Math.floor(x), image.Columns - 2);
  const y0 = Math.min(Math.floor(y), image.Rows - 2);
  const fx = x - x0;
  const fy = y - y0;
  const at = (c: number, r: number) => image.values[r * image.Columns + c] ?? Number.NaN;
  const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
  const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
  return top * (1 - fy) + bottom * fy;
}

function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const inRange = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;
const hu = (v: number) => `${Math.round(v)} HU`;

/** The plane and world points of a patient-space placement, or why a pixel check cannot run. */
function patientGeometry(
  placement: Placement,
): { plane: ImagePlane; points: readonly WorldPoint[] } | string {
  const { annotation, plane } = placement;
  if (annotation.space !== 'patient' || !plane)
    return 'pixel checks need a patient-space annotation on a CT slice';
  return { plane, points: annotation.points };
}

/**
 * A fluid–calcium level: the line must be horizontal in the patient (perpendicular to the anterior–posterior
 * axis), with calcium-range HU just posterior (dependent, +y) and fluid-range HU just anterior (−y). Samples
 * the middle 60 % of the line at 1.0–2.0 mm on each side; compares medians.
 * @param placement - a placed `line` annotation
 * @param image - the pixels of the image it was drawn on
 */
export function checkFluidCalciumLevel(placement: Placement, image: PixelImage): ClaimResult {
  const geometry = patientGeometry(placement);
  if (typeof geometry === 'string') return { ok: false, detail: geometry, measured: {} };
  const { plane, points } = geometry;
  const [a, b] = points;
  if (placement.annotation.kind !== 'line' || !a || !b) {
    return { ok: false, detail: 'a fluid–calcium level must be drawn as a line', measured: {} };
  }
  const along = displacement(a, b);
  const length = norm(along);
  const tiltMm = Math.abs(b[1] - a[1]);
  // Posterior in the image plane, perpendicular to the line.
  const u = scale(along, 1 / length);
  const posteriorRaw = worldVector(0, 1, 0);
  const inPlane = sub(posteriorRaw, scale(plane.normal, dot(posteriorRaw, plane.normal)));
  const perpendicular = sub(inPlane, scale(u, dot(inPlane, u)));
  const posterior = scale(perpendicular, 1 / norm(perpendicular));
  const behind: number[] = [];
  const infront: number[] = [];
  for (let i = 0; i <= 12; i++) {
    const onLine = translate(a, scale(along, 0.2 + (0.6 * i) / 12));
    for (const d of [1.0, 1.5, 2.0]) {
      behind.push(sampleImage(image, worldToImage(plane, translate(onLine, scale(posterior, d))).point));
      infront.push(sampleImage(image, worldToImage(plane, translate(onLine, scale(posterior, -d))).point));
    }
  }
  const posteriorHU = median(behind);
  const anteriorHU = median(infront);
  const measured = { posteriorHU, anteriorHU, tiltMm, lengthMm: length };
  const problems: string[] = [];
  if (tiltMm > Math.max(1, 0.1 * length)) {
    problems.push(
      `the line is not horizontal: its ends differ by ${tiltMm.toFixed(1)} mm along the anterior–posterior axis`,
    );
  }
  if (!inRange(posteriorHU, CLAIM_HU.calcium)) {
    problems.push(
      `calcium expected just posterior to the line (${CLAIM_HU.calcium[0]} to ${CLAIM_HU.calcium[1]} HU), found ${hu(posteriorHU)}`,
    );
  }
  if (!inRange(anteriorHU, CLAIM_HU.fluid)) {
    problems.push(
      `fluid expected just anterior to the line (${CLAIM_HU.fluid[0]} to ${CLAIM_HU.fluid[1]} HU), found ${hu(anteriorHU)}`,
    );
  }
  return problems.length > 0
    ? { ok: false, detail: problems.join('; '), measured }
    : { ok: true, detail: `posterior ${hu(posteriorHU)}, anterior ${hu(anteriorHU)}`, measured };
}

/** Points every `stepPx` pixels along a polyline given in [column, row]. */
function alongPolyline(points: readonly ImagePoint[], closed: boolean, stepPx: number): ImagePoint[] {
  const out: ImagePoint[] = [];
  const count = closed ? points.length : points.length - 1;
  for (let i = 0; i < count; i++) {
    const p = points[i] as ImagePoint;
    const q = points[(i + 1) % points.length] as ImagePoint;
    const n = Math.max(1, Math.ceil(Math.hypot(q[0] - p[0], q[1] - p[1]) / stepPx));
    for (let k = 0; k < n; k++)
      out.push(imagePoint(p[0] + ((q[0] - p[0]) * k) / n, p[1] + ((q[1] - p[1]) * k) / n));
  }
  return out;
}

/**
 * A calcified rim: walking along the outline, the highest value within one pixel of each step must reach rim
 * density on at least 85 % of the way (the rim is thin and partial-volumed, the outline drawn to ±1 px).
 * @param placement - a placed `polyline` annotation
 * @param image - the pixels of the image it was drawn on
 */
export function checkRimOutline(placement: Placement, image: PixelImage): ClaimResult {
  const { annotation } = placement;
  if (annotation.kind !== 'polyline')
    return { ok: false, detail: 'a rim must be drawn as a polyline', measured: {} };
  const steps = alongPolyline(placement.imagePoints, annotation.closed, 0.5);
  const offsets = [-1, 0, 1];
  const peaks = steps.map(([x, y]) => {
    let best = Number.NEGATIVE_INFINITY;
    for (const dx of offsets)
      for (const dy of offsets) best = Math.max(best, sampleImage(image, imagePoint(x + dx, y + dy)));
    return best;
  });
  const onRim = peaks.filter((v) => v >= CLAIM_HU.rimMin).length / peaks.length;
  const medianPeakHU = median(peaks);
  const measured = { fractionOnRim: onRim, medianPeakHU };
  if (onRim < 0.85) {
    return {
      ok: false,
      detail: `only ${Math.round(onRim * 100)} % of the outline runs over calcified rim (≥ ${CLAIM_HU.rimMin} HU within 1 pixel; 85 % needed), median ${hu(medianPeakHU)}`,
      measured,
    };
  }
  return {
    ok: true,
    detail: `${Math.round(onRim * 100)} % on rim, median peak ${hu(medianPeakHU)}`,
    measured,
  };
}

/** Pixel centres inside a closed polygon (even–odd rule), as [column, row]. */
function pixelsInside(polygon: readonly ImagePoint[], image: PixelImage): ImagePoint[] {
  const cols = polygon.map((p) => p[0]);
  const rows = polygon.map((p) => p[1]);
  const out: ImagePoint[] = [];
  for (
    let r = Math.max(0, Math.ceil(Math.min(...rows)));
    r <= Math.min(image.Rows - 1, Math.floor(Math.max(...rows)));
    r++
  ) {
    for (
      let c = Math.max(0, Math.ceil(Math.min(...cols)));
      c <= Math.min(image.Columns - 1, Math.floor(Math.max(...cols)));
      c++
    ) {
      let inside = false;
      for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
        const [xi, yi] = polygon[i] as ImagePoint;
        const [xj, yj] = polygon[j] as ImagePoint;
        if (yi > r !== yj > r && c < ((xj - xi) * (r - yi)) / (yj - yi) + xi) inside = !inside;
      }
      if (inside) out.push(imagePoint(c, r));
    }
  }
  return out;
}

/**
 * Bone loss: inside the closed outline there must be clearly less bone than inside its mirror image across
 * the mid-sagittal plane (x = midlineXMm) on the same image, and the mirror side must hold bone (so the
 * outline is where bone should be). Bone is ≥ CLAIM_HU.boneMin.
 * @param placement - a placed closed `polyline` annotation on an axial CT image
 * @param image - the pixels of that image
 * @param midlineXMm - x of the patient's mid-sagittal plane in this frame
 */
export function checkBoneLoss(placement: Placement, image: PixelImage, midlineXMm: number): ClaimResult {
  const geometry = patientGeometry(placement);
  if (typeof geometry === 'string') return { ok: false, detail: geometry, measured: {} };
  const { annotation } = placement;
  if (annotation.kind !== 'polyline' || !annotation.closed) {
    return { ok: false, detail: 'an osteolysis outline must be a closed polyline', measured: {} };
  }
  const { plane, points } = geometry;
  const mirrored = points.map((p) => worldPoint(2 * midlineXMm - p[0], p[1], p[2]));
  const boneFraction = (polygon: readonly ImagePoint[]) => {
    const inside = pixelsInside(polygon, image);
    const bone = inside.filter(
      ([c, r]) => (image.values[r * image.Columns + c] ?? Number.NaN) >= CLAIM_HU.boneMin,
    );
    return { pixels: inside.length, fraction: inside.length ? bone.length / inside.length : 0 };
  };
  const lesion = boneFraction(placement.imagePoints);
  const mirror = boneFraction(mirrored.map((p) => worldToImage(plane, p).point));
  const measured = {
    lesionBoneFraction: lesion.fraction,
    mirrorBoneFraction: mirror.fraction,
    pixels: lesion.pixels,
  };
  const pct = (f: number) => `${Math.round(f * 100)} %`;
  if (lesion.pixels < 10)
    return { ok: false, detail: `the outline encloses only ${lesion.pixels} pixels`, measured };
  if (lesion.fraction >= 0.3 && mirror.fraction < 0.5 * lesion.fraction) {
    return {
      ok: false,
      detail: `the outline is over intact bone (${pct(lesion.fraction)} of pixels ≥ ${CLAIM_HU.boneMin} HU) and the bone loss is in its mirror image (${pct(mirror.fraction)}): wrong side of the midline`,
      measured,
    };
  }
  if (mirror.fraction < 0.3) {
    return {
      ok: false,
      detail: `the mirrored region across the midline holds little bone (${pct(mirror.fraction)} of pixels ≥ ${CLAIM_HU.boneMin} HU), so the outline is not where bone should be`,
      measured,
    };
  }
  if (lesion.fraction > 0.5 * mirror.fraction) {
    return {
      ok: false,
      detail: `no clear bone loss: ${pct(lesion.fraction)} of the outlined pixels are bone against ${pct(mirror.fraction)} on the mirrored side (at most half expected)`,
      measured,
    };
  }
  return {
    ok: true,
    detail: `bone ${pct(lesion.fraction)} against ${pct(mirror.fraction)} mirrored`,
    measured,
  };
}

/**
 * A projection radiograph's opacity: inside the closed outline the image must be denser (more attenuating) than
 * inside its mirror image across the patient's midline column. Dense shows white: lower stored values under
 * MONOCHROME1, higher under MONOCHROME2. The difference must exceed 2 % of the image's value range.
 * @param placement - a placed closed `polyline` in pixel space
 * @param image - the radiograph's pixels
 * @param photometric - PhotometricInterpretation of the image
 * @param midlineColumn - column of the patient's mid-sagittal plane on the detector
 */
export function checkDenserThanMirror(
  placement: Placement,
  image: PixelImage,
  photometric: string,
  midlineColumn: number,
): ClaimResult {
  const { annotation } = placement;
  if (annotation.kind !== 'polyline' || !annotation.closed) {
    return {
      ok: false,
      detail: 'a radiographic opacity must be outlined by a closed polyline',
      measured: {},
    };
  }
  const mean = (polygon: readonly ImagePoint[]) => {
    const inside = pixelsInside(polygon, image);
    const sum = inside.reduce((s, [c, r]) => s + (image.values[r * image.Columns + c] ?? 0), 0);
    return { pixels: inside.length, mean: inside.length ? sum / inside.length : Number.NaN };
  };
  const lesion = mean(placement.imagePoints);
  const mirror = mean(placement.imagePoints.map(([c, r]) => imagePoint(2 * midlineColumn - c, r)));
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < image.values.length; i++) {
    const v = image.values[i] ?? 0;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const sign = photometric === 'MONOCHROME1' ? -1 : 1;
  const densityGain = (sign * (lesion.mean - mirror.mean)) / Math.max(1, hi - lo);
  const measured = { lesionMean: lesion.mean, mirrorMean: mirror.mean, densityGainOfRange: densityGain };
  if (lesion.pixels < 10 || mirror.pixels < 10) {
    return {
      ok: false,
      detail: 'the outline or its mirror image falls (almost) outside the image',
      measured,
    };
  }
  if (!(densityGain >= 0.02)) {
    return {
      ok: false,
      detail: `the outlined region is not denser than its mirror image (mean ${Math.round(lesion.mean)} against ${Math.round(mirror.mean)}, ${photometric}; a difference of at least 2 % of the range is expected)`,
      measured,
    };
  }
  return {
    ok: true,
    detail: `denser than the mirror by ${Math.round(densityGain * 100)} % of the range`,
    measured,
  };
}

/** What the image-specific checks need besides the pixels. */
export interface ClaimContext {
  /** x of the mid-sagittal plane in the CT frame. */
  readonly midlineXMm: number;
  /** Column of the mid-sagittal plane on projection images. */
  readonly midlineColumn: number;
  readonly PhotometricInterpretation: string;
}

/**
 * Runs the pixel check of a claim.
 * @param claim - from {@link pixelClaimFor}
 * @param placement - the placed annotation
 * @param image - the pixels of its image (HU on CT)
 * @param context - midlines and photometric interpretation
 */
export function checkClaim(
  claim: PixelClaim,
  placement: Placement,
  image: PixelImage,
  context: ClaimContext,
): ClaimResult {
  switch (claim) {
    case 'fluid-calcium-level':
      return checkFluidCalciumLevel(placement, image);
    case 'calcified-rim':
      return checkRimOutline(placement, image);
    case 'bone-loss':
      return checkBoneLoss(placement, image, context.midlineXMm);
    case 'denser-than-mirror':
      return checkDenserThanMirror(
        placement,
        image,
        context.PhotometricInterpretation,
        context.midlineColumn,
      );
  }
}
