/**
 * Ground truth written by the sample generator (truth.json): where every finding really is, in patient mm
 * (LPS). The generator's output format, read by its tests, the authoring scripts, authoring/ and e2e; never
 * by the app, so it lives here and not in src/. Pure types.
 */
import type { WorldPoint, WorldVector } from '../src/model/geometry.ts';

/** Semi-axis lengths along x (L), y (P), z (S), mm: three lengths, neither a position nor an offset. */
export type SemiAxesMm = readonly [x: number, y: number, z: number];

/**
 * A position the generator computed in its own Vec3 (patient LPS, mm, like WorldPoint) as the WorldPoint of
 * the files it writes. The generator shares types with src/, not code, so it tags its output with this cast
 * and nowhere else.
 * @param p - patient coordinates, mm
 */
export const writtenWorldPoint = (p: readonly [number, number, number]): WorldPoint => p as WorldPoint;

/**
 * An offset the generator computed, as the WorldVector of truth.json (see {@link writtenWorldPoint}).
 * @param v - patient-space offset, mm
 */
export const writtenWorldVector = (v: readonly [number, number, number]): WorldVector => v as WorldVector;

/**
 * One loculus of the calcified mass: a lobulated ellipsoid with a calcified rim of uneven thickness, holding
 * either fluid over dependent calcium (a fluid–calcium level) or homogeneous chalky calcium.
 */
export interface TruthLoculus {
  readonly id: string;
  readonly centerMm: WorldPoint;
  /** Semi-axes along x (L), y (P), z (S), mm, to the outer surface of the rim (before lobulation). */
  readonly radiiMm: SemiAxesMm;
  /** Nominal rim thickness, mm; the generated rim varies from about 0.45 to 1.55 times this. */
  readonly rimThicknessMm: number;
  /** `layered`: serous fluid over dependent calcium; `chalky`: homogeneous calcium paste, no level. */
  readonly content: 'layered' | 'chalky';
  /** Lobulation of the outer surface: its radius varies by up to this fraction of the mean radius. */
  readonly lobulation: number;
  /**
   * The fluid–calcium level: the plane y = levelYMm (perpendicular to the anterior–posterior axis).
   * Voxels inside the loculus with y > levelYMm (posterior, dependent) hold settled calcium; y < levelYMm fluid.
   * Within about 1 mm of the wall the calcium climbs slightly anterior (a meniscus). A chalky loculus has
   * levelYMm at its anterior pole (all calcium).
   */
  readonly levelYMm: number;
  /** Representative values inside this loculus as generated (CT, HU). */
  readonly fluidHU: number;
  readonly sedimentHU: number;
  readonly rimHU: number;
}

/** An axis-aligned box in patient mm. */
export interface TruthBox {
  readonly minMm: WorldPoint;
  readonly maxMm: WorldPoint;
}

/** A named probe point whose tissue is known, with the value range the brief expects there. */
export interface TruthLandmark {
  readonly name: string;
  readonly tissue: string;
  readonly pointMm: WorldPoint;
  /** Expected CT range in HU for the mean of the 3x3 pixels around this point (noise included), [min, max]. */
  readonly expectedHU: readonly [number, number];
}

/**
 * Maps patient coordinates of the CT frame into the pixel grid of a projection radiograph.
 * For a CT-frame point p, with source s and m = (detectorYMm − s.y) / (p.y − s.y):
 * u = s.x + (p.x − s.x)·m, v = s.z + (p.z − s.z)·m (the ray's hit on the detector plane), then
 * column = columnSignX·(u − detectorOriginXZMm[0]) / imagerPixelSpacingMm[1] and
 * row = rowSignZ·(v − detectorOriginXZMm[1]) / imagerPixelSpacingMm[0] (pixel centres at integers).
 */
export interface TruthProjection {
  readonly seriesKey: string;
  /** Source-to-detector and source-to-patient distances, mm (point-source geometry along +y, AP). */
  readonly distanceSourceToDetectorMm: number;
  readonly distanceSourceToPatientMm: number;
  /** World position of the source, mm. */
  readonly sourceMm: WorldPoint;
  /** Detector plane y coordinate, mm. */
  readonly detectorYMm: number;
  /** Detector pixel (0,0) centre in world x/z, mm, and pixel spacing [row, col] mm. */
  readonly detectorOriginXZMm: readonly [number, number];
  readonly imagerPixelSpacingMm: readonly [number, number];
  /** Column direction in world: +1 when column index grows toward patient left (+x). */
  readonly columnSignX: 1 | -1;
  /** Row direction in world: -1 when row index grows toward patient feet (−z). */
  readonly rowSignZ: 1 | -1;
}

/** Everything the generator knows about where the findings are. */
export interface CaseTruth {
  readonly schemaVersion: 1;
  readonly caseId: string;
  /** FrameOfReferenceUID of the CT (the phantom frame). */
  readonly FrameOfReferenceUID: string;
  /** MR series' own frame: a point p in CT frame is at p + mrOffsetMm in the MR frame. */
  readonly mrFrameOfReferenceUID: string;
  readonly mrOffsetMm: WorldVector;
  /**
   * The seven large loculi the teaching annotations mark (loculus-1 … loculus-7, loculus-1 the largest);
   * each has a fluid–calcium level.
   */
  readonly loculi: readonly TruthLoculus[];
  /** Every other loculus of the cluster (loculus-8 on), smaller, layered or chalky. */
  readonly satelliteLoculi: readonly TruthLoculus[];
  /** Bounding box of the whole mass (every loculus). */
  readonly mass: TruthBox;
  /** The osteolysis: region of the left pubis where bone was removed, and its mirror on the right. */
  readonly osteolysis: {
    readonly centerMm: WorldPoint;
    /** Region holding the whole defect (nominal ellipsoid, its noise and its scallops). */
    readonly radiiMm: SemiAxesMm;
    /** Bone volume (cortical + cancellous), mm³, in the left and mirrored right pubic region. */
    readonly leftBoneVolumeMm3: number;
    readonly rightBoneVolumeMm3: number;
  };
  /** Oedema shell around the mass, thickness mm. */
  readonly oedemaThicknessMm: number;
  readonly landmarks: readonly TruthLandmark[];
  readonly projection: TruthProjection;
}
