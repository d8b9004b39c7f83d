// Authoring aid: computes the geometry of the sample case's teaching annotations from truth.json, the
// manifest and the CT pixels, and writes annotations/<case-id>.json. Labels, notes and text links are
// authored here by hand; the numbers come from the generator's output, so rerun this after it changes.
// Node only. Usage: tsx scripts/authorAnnotations.ts [--check]   (--check: fail if the file is stale)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PixelImage } from '../authoring/checkFindingPixels.ts';
import { projectToRadiograph } from '../authoring/projectToRadiograph.ts';
import type { CaseTruth, SemiAxesMm, TruthLoculus } from '../generator/CaseTruth.ts';
import { CASE_ID } from '../generator/caseGeometry.ts';
import { decodeDicomImage } from '../src/data/decodeDicomImage.ts';
import type { CaseManifest, ManifestSeries } from '../src/model/CaseManifest.ts';
import {
  type ImagePoint,
  imagePlane,
  imagePoint,
  imageToWorld,
  nearestImageIndex,
  translate,
  type WorldPoint,
  type WorldVector,
  worldPoint,
  worldToImage,
  worldVector,
} from '../src/model/geometry.ts';
import type {
  AnnotationCategory,
  AnnotationFile,
  AnnotationKind,
  PatientAnnotation,
  PixelAnnotation,
  TeachingAnnotation,
} from '../src/model/TeachingAnnotation.ts';
import { CURRENT_ANNOTATION_SCHEMA_VERSION } from '../src/model/TeachingAnnotation.ts';

const root = resolve(import.meta.dirname, '..');

/** The categories of the case, in the order the findings panel lists them. */
export const CATEGORIES: readonly AnnotationCategory[] = [
  {
    id: 'fluid-calcium-level',
    label: 'Fluid–calcium level (sedimentation sign)',
    colour: '#ffd400',
    description:
      'The horizontal interface between serous fluid (anterior) and settled calcium (posterior, dependent) inside a loculus.',
  },
  {
    id: 'calcified-rim',
    label: 'Calcified rim',
    colour: '#ff7f0e',
    description: 'The thin calcified wall that outlines each loculus.',
  },
  {
    id: 'pubic-osteolysis',
    label: 'Pubic osteolysis',
    colour: '#ff3b5c',
    description: 'Erosion of the cortex and cancellous bone of the left pubis next to the mass.',
  },
  {
    id: 'mass-extent',
    label: 'Mass extent',
    colour: '#33c3ff',
    description: 'The outer limit of the multilocular mass on each series.',
  },
  {
    id: 'normal-anatomy',
    label: 'Normal anatomy',
    colour: '#7ddc7d',
    description: 'Landmarks for orientation and comparison.',
  },
];

/** Rounds coordinates so the file stays readable and byte-stable (0.01 mm, 0.1 px). */
const mm = (v: number) => Math.round(v * 100) / 100;
const px = (v: number) => Math.round(v * 10) / 10;
const roundedWorldPoint = (p: readonly number[]): WorldPoint =>
  worldPoint(mm(p[0] ?? 0), mm(p[1] ?? 0), mm(p[2] ?? 0));
const roundedImagePoint = (p: readonly number[]): ImagePoint => imagePoint(px(p[0] ?? 0), px(p[1] ?? 0));

/**
 * An annotation's shape as authored here: its kind and its points as computed, plain numbers in the space of
 * the annotation (patient mm, or radiograph [column, row]), rounded and given their space by onSeries / onDx.
 */
interface AuthoredShape {
  readonly kind: AnnotationKind;
  readonly points: readonly (readonly number[])[];
  readonly closed?: boolean;
  readonly text?: string;
}

/** The cross-section of an axis-aligned ellipsoid with the plane z: centre and semi-axes in x and y. */
export function ellipsoidSection(
  centre: WorldPoint,
  radii: SemiAxesMm,
  z: number,
): { cx: number; cy: number; ax: number; ay: number } | undefined {
  const s = 1 - ((z - centre[2]) / radii[2]) ** 2;
  if (s <= 0) return undefined;
  return { cx: centre[0], cy: centre[1], ax: radii[0] * Math.sqrt(s), ay: radii[1] * Math.sqrt(s) };
}

/** `n` points around an axis-aligned ellipse in the plane z, starting at +x, turning toward +y. */
export function ellipsePolygon(
  section: { cx: number; cy: number; ax: number; ay: number },
  z: number,
  n: number,
): WorldPoint[] {
  return Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / n;
    return worldPoint(section.cx + section.ax * Math.cos(a), section.cy + section.ay * Math.sin(a), z);
  });
}

/** Convex hull of 2-D points (monotone chain), counter-clockwise, without repeated end point. */
export function convexHull(points: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length < 3) return sorted.map((p) => [p[0], p[1]]);
  type P = readonly [number, number];
  const cross = (o: P, a: P, b: P) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: readonly P[]) => {
    const out: P[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2] as P, out[out.length - 1] as P, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(sorted), ...half([...sorted].reverse())].map((p) => [p[0], p[1]]);
}

/** Polygon area (shoelace), in the units of its points. */
const polygonArea = (points: readonly (readonly [number, number])[]) =>
  Math.abs(
    points.reduce((s, p, i) => {
      const q = points[(i + 1) % points.length] as readonly [number, number];
      return s + p[0] * q[1] - q[0] * p[1];
    }, 0) / 2,
  );

/** Loculus number from its truth id (`loculus-3` → 3). */
const loculusNumber = (l: TruthLoculus, index: number) => Number(/(\d+)$/.exec(l.id)?.[1] ?? index + 1);

/** Margin of mass stroma around the loculi, mm: the mass extent drawn includes it. */
const STROMA_MARGIN_MM = 2.5;

/** The series of the case, by role. */
interface CaseSeries {
  readonly ct: ManifestSeries;
  readonly t1: ManifestSeries;
  readonly t2: ManifestSeries;
  readonly dx: ManifestSeries;
}

function findSeries(manifest: CaseManifest, truth: CaseTruth): CaseSeries {
  const find = (what: string, test: (s: ManifestSeries) => boolean) => {
    const series = manifest.series.find(test);
    if (!series) throw new Error(`the manifest has no ${what} series`);
    return series;
  };
  return {
    ct: find('CT', (s) => s.Modality === 'CT'),
    t1: find('MR T1', (s) => s.Modality === 'MR' && /T1/i.test(s.SeriesDescription)),
    t2: find('MR T2', (s) => s.Modality === 'MR' && /T2/i.test(s.SeriesDescription)),
    dx: find('radiograph', (s) => s.key === truth.projection.seriesKey),
  };
}

/** The image of a series nearest to z, and its SOP Instance UID, z and FrameOfReferenceUID. */
function sliceAt(series: ManifestSeries, point: WorldPoint) {
  const nearest = nearestImageIndex(series, point);
  const instance = nearest && series.instances[nearest.imageIndex];
  const plane = nearest && imagePlane(series, nearest.imageIndex);
  if (!nearest || !instance || !plane || !series.FrameOfReferenceUID) {
    throw new Error(`no image of ${series.key} near z = ${point[2]}`);
  }
  return {
    imageIndex: nearest.imageIndex,
    SOPInstanceUID: instance.SOPInstanceUID,
    FrameOfReferenceUID: series.FrameOfReferenceUID,
    z: plane.origin[2],
  };
}

type Common = Pick<TeachingAnnotation, 'id' | 'category' | 'label' | 'sections'> & { readonly note?: string };

/** A patient-space annotation on the image of `series` nearest to `onSliceOf`. */
function onSeries(
  series: ManifestSeries,
  slice: ReturnType<typeof sliceAt>,
  common: Common,
  shape: AuthoredShape,
): PatientAnnotation {
  const { kind, points, ...extra } = shape;
  const { id, ...rest } = common;
  return {
    id,
    kind,
    ...rest,
    space: 'patient',
    image: {
      seriesKey: series.key,
      SOPInstanceUID: slice.SOPInstanceUID,
      FrameOfReferenceUID: slice.FrameOfReferenceUID,
    },
    points: points.map(roundedWorldPoint),
    ...extra,
  } as PatientAnnotation;
}

/** The hull (with stroma margin) of every loculus cut by the plane z, in frame-shifted coordinates. */
function massHull(loculi: readonly TruthLoculus[], z: number, offset: WorldVector): [number, number][] {
  const points: [number, number][] = [];
  for (const l of loculi) {
    const centre = translate(l.centerMm, offset);
    const radii: SemiAxesMm = [
      l.radiiMm[0] + STROMA_MARGIN_MM,
      l.radiiMm[1] + STROMA_MARGIN_MM,
      l.radiiMm[2] + STROMA_MARGIN_MM,
    ];
    const section = ellipsoidSection(centre, radii, z);
    if (section) for (const p of ellipsePolygon(section, z, 48)) points.push([p[0], p[1]]);
  }
  return convexHull(points);
}

/** The z (frame-shifted) among the series' slices where the mass hull is largest. */
function largestMassSlice(series: ManifestSeries, loculi: readonly TruthLoculus[], offset: WorldVector) {
  let best = { index: -1, area: 0 };
  series.instances.forEach((instance, index) => {
    const z = instance.ImagePositionPatient?.[2];
    if (z === undefined) return;
    const area = polygonArea(massHull(loculi, z, offset));
    if (area > best.area) best = { index, area };
  });
  const position = series.instances[best.index]?.ImagePositionPatient;
  if (!position) throw new Error(`the mass does not cross any image of ${series.key}`);
  return sliceAt(series, position);
}

/** Reads a CT image of the case, in HU. */
type CtReader = (SOPInstanceUID: string) => PixelImage;

/**
 * Traces the lytic defect on one CT slice: pixels inside the truth's osteolysis region where the mirrored
 * right side is bone and the left is not, largest connected blob, outlined as a star polygon from its centroid.
 */
export function traceOsteolysis(
  image: PixelImage,
  plane: NonNullable<ReturnType<typeof imagePlane>>,
  truth: CaseTruth,
  z: number,
): WorldPoint[] {
  const region = ellipsoidSection(truth.osteolysis.centerMm, truth.osteolysis.radiiMm, z);
  if (!region) throw new Error('the osteolysis region does not cross the chosen slice');
  const value = (c: number, r: number) => image.values[r * image.Columns + c] ?? Number.NaN;
  // Mean of 3×3 pixels: CT noise would otherwise fray the mask.
  const smooth = (c: number, r: number) => {
    let sum = 0;
    for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) sum += value(c + dc, r + dr);
    return sum / 9;
  };
  const mask = new Set<number>();
  for (let r = 1; r < image.Rows - 1; r++) {
    for (let c = 1; c < image.Columns - 1; c++) {
      const [x, y] = imageToWorld(plane, imagePoint(c, r));
      if (((x - region.cx) / region.ax) ** 2 + ((y - region.cy) / region.ay) ** 2 > 1) continue;
      const mirror = worldToImage(plane, worldPoint(-x, y, z)).point;
      const mc = Math.round(mirror[0]);
      const mr = Math.round(mirror[1]);
      if (smooth(mc, mr) >= 200 && smooth(c, r) < 150) mask.add(r * image.Columns + c);
    }
  }
  // Largest 4-connected component.
  let largest: number[] = [];
  const seen = new Set<number>();
  for (const start of mask) {
    if (seen.has(start)) continue;
    const component: number[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const k = stack.pop() as number;
      component.push(k);
      for (const n of [k - 1, k + 1, k - image.Columns, k + image.Columns]) {
        if (mask.has(n) && !seen.has(n)) {
          seen.add(n);
          stack.push(n);
        }
      }
    }
    if (component.length > largest.length) largest = component;
  }
  if (largest.length < 20) throw new Error(`no lytic defect found on the slice at z = ${z}`);
  const cols = largest.map((k) => k % image.Columns);
  const rows = largest.map((k) => Math.floor(k / image.Columns));
  const cc = cols.reduce((a, b) => a + b, 0) / cols.length;
  const cr = rows.reduce((a, b) => a + b, 0) / rows.length;
  const bins = 40;
  const reach = new Array<number>(bins).fill(0);
  largest.forEach((_, i) => {
    const dc = (cols[i] as number) - cc;
    const dr = (rows[i] as number) - cr;
    const bin = Math.floor(((Math.atan2(dr, dc) + Math.PI) / (2 * Math.PI)) * bins) % bins;
    reach[bin] = Math.max(reach[bin] ?? 0, Math.hypot(dc, dr));
  });
  // Light smoothing of the radius around the outline; the outline sits half a pixel inside the blob edge.
  const smoothed = reach.map((_, i) => {
    const around = [-1, 0, 1].map((d) => reach[(i + d + bins) % bins] ?? 0);
    return Math.max(0.5, Math.min(...around.filter((v) => v > 0), reach[i] ?? 0) - 0.5);
  });
  return smoothed.map((radius, i) => {
    const a = ((i + 0.5) / bins) * 2 * Math.PI - Math.PI;
    return imageToWorld(plane, imagePoint(cc + radius * Math.cos(a), cr + radius * Math.sin(a)));
  });
}

/** Builds every annotation of the case. */
export function authorCaseAnnotations(
  manifest: CaseManifest,
  truth: CaseTruth,
  readCt: CtReader,
): AnnotationFile {
  const series = findSeries(manifest, truth);
  const annotations: TeachingAnnotation[] = [];
  const ZERO = worldVector(0, 0, 0);

  // CT: one fluid–calcium level and one rim outline per loculus, on the slice through its centre.
  truth.loculi.forEach((l, index) => {
    const n = loculusNumber(l, index);
    const slice = sliceAt(series.ct, l.centerMm);
    const outer = ellipsoidSection(l.centerMm, l.radiiMm, slice.z);
    if (!outer) return;
    // The rim's mid-line: half a rim thickness inside the outer surface.
    const rimLine = ellipsoidSection(
      l.centerMm,
      [
        l.radiiMm[0] - l.rimThicknessMm / 2,
        l.radiiMm[1] - l.rimThicknessMm / 2,
        l.radiiMm[2] - l.rimThicknessMm / 2,
      ],
      slice.z,
    );
    // The cavity, kept clear of the rim's irregular inner surface (rim thickness varies up to ×1.45, surface ±0.7 mm).
    const inset = 1.5 * l.rimThicknessMm + 0.7;
    const cavity = ellipsoidSection(
      l.centerMm,
      [l.radiiMm[0] - inset, l.radiiMm[1] - inset, l.radiiMm[2] - inset],
      slice.z,
    );
    const first = n === 1;
    if (cavity) {
      const dy = (l.levelYMm - cavity.cy) / cavity.ay;
      if (Math.abs(dy) < 0.9) {
        const halfChord = 0.85 * cavity.ax * Math.sqrt(1 - dy * dy);
        annotations.push(
          onSeries(
            series.ct,
            slice,
            {
              id: `level-${n}`,
              category: 'fluid-calcium-level',
              label: `Fluid–calcium level, loculus ${n}`,
              sections: first
                ? ['findings-ct', 'pathophysiology', 'differential-chondrosarcoma']
                : ['findings-ct'],
              note: `Calcium (about ${l.sedimentHU} HU) has settled posteriorly under serous fluid (about ${l.fluidHU} HU): a flat, horizontal level.`,
            },
            {
              kind: 'line',
              points: [
                [l.centerMm[0] - halfChord, l.levelYMm, slice.z],
                [l.centerMm[0] + halfChord, l.levelYMm, slice.z],
              ],
            },
          ),
        );
      }
    }
    if (rimLine) {
      annotations.push(
        onSeries(
          series.ct,
          slice,
          {
            id: `rim-${n}`,
            category: 'calcified-rim',
            label: `Calcified rim, loculus ${n}`,
            sections: ['findings-ct'],
            note: `A ${l.rimThicknessMm.toFixed(1)} mm calcified shell (about ${l.rimHU} HU) around a loculus of ${(2 * l.radiiMm[0]).toFixed(0)} × ${(2 * l.radiiMm[1]).toFixed(0)} mm.`,
          },
          { kind: 'polyline', closed: true, points: ellipsePolygon(rimLine, slice.z, 48) },
        ),
      );
    }
  });

  // A text label that explains the direction of gravity, below (posterior to) the largest loculus.
  const biggest = truth.loculi[0];
  if (biggest) {
    const slice = sliceAt(series.ct, biggest.centerMm);
    annotations.push(
      onSeries(
        series.ct,
        slice,
        {
          id: 'gravity-label',
          category: 'fluid-calcium-level',
          label: 'Supine: calcium settles posteriorly',
          sections: ['orientation', 'findings-ct'],
        },
        {
          kind: 'text',
          text: 'Supine patient: calcium settles posteriorly',
          points: [[biggest.centerMm[0], biggest.centerMm[1] + biggest.radiiMm[1] + 8, slice.z]],
        },
      ),
    );
  }

  // CT: the pubic osteolysis, traced on the slice through its centre, and the intact right pubic body.
  const lysisSlice = sliceAt(series.ct, truth.osteolysis.centerMm);
  const lysisPlane = imagePlane(series.ct, lysisSlice.imageIndex);
  if (!lysisPlane) throw new Error('CT slice without geometry');
  const outline = traceOsteolysis(readCt(lysisSlice.SOPInstanceUID), lysisPlane, truth, lysisSlice.z);
  annotations.push(
    onSeries(
      series.ct,
      lysisSlice,
      {
        id: 'pubic-osteolysis',
        category: 'pubic-osteolysis',
        label: 'Osteolysis of the left pubic body',
        sections: ['findings-ct', 'diagnosis', 'differential-chondrosarcoma'],
        note: 'Cortex and cancellous bone are eroded next to the mass; compare with the right side.',
      },
      { kind: 'polyline', closed: true, points: outline },
    ),
  );
  const [ox, oy] = truth.osteolysis.centerMm;
  annotations.push(
    onSeries(
      series.ct,
      lysisSlice,
      {
        id: 'right-pubic-body',
        category: 'normal-anatomy',
        label: 'Right pubic body (intact)',
        sections: ['orientation', 'findings-ct'],
        note: 'The mirror image of the lytic area: normal cortex and cancellous bone.',
      },
      {
        kind: 'arrow',
        points: [
          [-ox - 22, oy - 22, lysisSlice.z],
          [-ox, oy, lysisSlice.z],
        ],
      },
    ),
  );

  // CT: mass extent on the slice where it is largest.
  const massSlice = largestMassSlice(series.ct, truth.loculi, ZERO);
  annotations.push(
    onSeries(
      series.ct,
      massSlice,
      {
        id: 'mass-ct',
        category: 'mass-extent',
        label: 'Extent of the mass (CT)',
        sections: ['findings-ct', 'diagnosis'],
        note: 'Several calcified loculi packed together in front of and beside the left pubis.',
      },
      {
        kind: 'polyline',
        closed: true,
        points: massHull(truth.loculi, massSlice.z, ZERO).map(([x, y]) => [x, y, massSlice.z]),
      },
    ),
  );

  // CT: normal anatomy from the truth's landmarks.
  const landmark = (name: string) => {
    const found = truth.landmarks.find((l) => l.name === name);
    if (!found) throw new Error(`truth.json has no landmark '${name}'`);
    return found.pointMm;
  };
  const bladder = landmark('urine in the bladder');
  const bladderSlice = sliceAt(series.ct, bladder);
  annotations.push(
    onSeries(
      series.ct,
      bladderSlice,
      { id: 'bladder', category: 'normal-anatomy', label: 'Bladder', sections: ['orientation'] },
      { kind: 'point', points: [[bladder[0], bladder[1], bladderSlice.z]] },
    ),
  );
  const head = landmark('cancellous bone of the right femoral head');
  const headSlice = sliceAt(series.ct, head);
  annotations.push(
    onSeries(
      series.ct,
      headSlice,
      {
        id: 'right-femoral-head',
        category: 'normal-anatomy',
        label: 'Right femoral head',
        sections: ['orientation'],
      },
      {
        kind: 'arrow',
        points: [
          [head[0] + 12, head[1] - 50, headSlice.z],
          [head[0], head[1], headSlice.z],
        ],
      },
    ),
  );

  // MR T1 and T2: the mass extent in the MR frame (CT point p is at p + mrOffsetMm).
  const offset = truth.mrOffsetMm;
  for (const [mr, id, label, note] of [
    [
      series.t1,
      'mass-t1',
      'Mass on T1: mostly low signal',
      'Calcium and oedema are dark against bright fat and marrow.',
    ],
    [
      series.t2,
      'mass-t2',
      'Mass on T2 FS: heterogeneous',
      'Bright nodular fluid and inflammatory tissue, dark calcium and dependent layers, bright oedema around.',
    ],
  ] as const) {
    const slice = largestMassSlice(mr, truth.loculi, offset);
    annotations.push(
      onSeries(
        mr,
        slice,
        { id, category: 'mass-extent', label, sections: ['findings-mr'], note },
        {
          kind: 'polyline',
          closed: true,
          points: massHull(truth.loculi, slice.z, offset).map(([x, y]) => [x, y, slice.z]),
        },
      ),
    );
  }
  // An ellipse around the largest loculus on T2, where its dark dependent layer shows.
  if (biggest) {
    const centre = translate(biggest.centerMm, offset);
    const slice = sliceAt(series.t2, centre);
    const section = ellipsoidSection(centre, biggest.radiiMm, slice.z);
    if (section) {
      annotations.push(
        onSeries(
          series.t2,
          slice,
          {
            id: 't2-dependent-layer',
            category: 'fluid-calcium-level',
            label: 'Dark dependent calcium on T2',
            sections: ['findings-mr'],
            note: 'The settled calcium gives no signal: a dark posterior layer under bright fluid.',
          },
          {
            kind: 'ellipse',
            points: [
              [section.cx, section.cy, slice.z],
              [section.cx + section.ax + 2, section.cy, slice.z],
              [section.cx, section.cy + section.ay + 2, slice.z],
            ],
          },
        ),
      );
    }
  }

  // Radiograph: the projected cluster, and an arrow at the lost pubic outline.
  const dxImage = series.dx.instances[0];
  if (!dxImage) throw new Error('the radiograph series has no image');
  const onDx = (common: Common, shape: Omit<AuthoredShape, 'text'>): PixelAnnotation =>
    ({
      id: common.id,
      kind: shape.kind,
      category: common.category,
      label: common.label,
      sections: common.sections,
      ...(common.note === undefined ? {} : { note: common.note }),
      space: 'pixel',
      image: { seriesKey: series.dx.key, SOPInstanceUID: dxImage.SOPInstanceUID },
      points: shape.points.map(roundedImagePoint),
      ...(shape.closed === undefined ? {} : { closed: shape.closed }),
    }) as PixelAnnotation;
  const projected: [number, number][] = [];
  for (const l of truth.loculi) {
    for (let i = 0; i < 24; i++) {
      for (let j = 1; j < 12; j++) {
        const theta = (Math.PI * j) / 12;
        const phi = (2 * Math.PI * i) / 24;
        const p = worldPoint(
          l.centerMm[0] + l.radiiMm[0] * Math.sin(theta) * Math.cos(phi),
          l.centerMm[1] + l.radiiMm[1] * Math.sin(theta) * Math.sin(phi),
          l.centerMm[2] + l.radiiMm[2] * Math.cos(theta),
        );
        const [c, r] = projectToRadiograph(truth.projection, p);
        projected.push([c, r]);
      }
    }
  }
  annotations.push(
    onDx(
      {
        id: 'cluster-xr',
        category: 'mass-extent',
        label: 'Cluster of ring-like opacities',
        sections: ['findings-xr'],
        note: 'Dense round and oval opacities, each with a ring, over the left pubic region.',
      },
      { kind: 'polyline', closed: true, points: convexHull(projected) },
    ),
  );
  const lysisTip = projectToRadiograph(truth.projection, truth.osteolysis.centerMm);
  // The arrow comes up from below the cluster: its tail outside the cluster's outline, so its label sits
  // beside the arrow and not against the outline of the cluster (which would seem to name the cluster).
  const clusterBottomRow = Math.max(...projected.map((p) => p[1]));
  annotations.push(
    onDx(
      {
        id: 'xr-osteolysis',
        category: 'pubic-osteolysis',
        label: 'Lost outline of the left pubic body',
        sections: ['findings-xr'],
      },
      {
        kind: 'arrow',
        points: [
          [lysisTip[0], clusterBottomRow + 100],
          [lysisTip[0], lysisTip[1]],
        ],
      },
    ),
  );

  // The case opens on the CT slice through the largest loculus: its fluid–calcium level and calcified rim,
  // the pubic osteolysis beside it and the intact right pubis to compare, in the calcification window
  // (ctWindowPresets: fluid dark grey, layered calcium light grey, rim near white).
  const largest = [...truth.loculi].sort(
    (a, b) => b.radiiMm[0] * b.radiiMm[1] * b.radiiMm[2] - a.radiiMm[0] * a.radiiMm[1] * a.radiiMm[2],
  )[0];
  if (!largest) throw new Error('truth.json has no loculi');
  const keySlice = sliceAt(series.ct, largest.centerMm);
  const keyInstance = series.ct.instances[keySlice.imageIndex];
  return {
    schemaVersion: CURRENT_ANNOTATION_SCHEMA_VERSION,
    caseId: manifest.caseId,
    text: { markdownFile: `${manifest.caseId}.md` },
    categories: CATEGORIES,
    annotations,
    keyImage: {
      seriesKey: series.ct.key,
      SOPInstanceUID: keySlice.SOPInstanceUID,
      ...(keyInstance ? { InstanceNumber: keyInstance.InstanceNumber } : {}),
      window: { WindowCenter: 400, WindowWidth: 1600, explanation: 'Calcification' },
      note: 'The largest loculus with its fluid–calcium level and calcified rim, the eroded left pubic body beside it and the intact right one to compare.',
    },
  };
}

/** Reads the generated case from sample-dicom/. */
export function readGeneratedCase(sampleDir: string, caseId = CASE_ID) {
  const caseDir = join(sampleDir, caseId);
  const manifest = JSON.parse(readFileSync(join(caseDir, 'manifest.json'), 'utf8')) as CaseManifest;
  const truth = JSON.parse(readFileSync(join(caseDir, 'truth.json'), 'utf8')) as CaseTruth;
  const ct = manifest.series.find((s) => s.Modality === 'CT');
  const readCt: CtReader = (uid) => {
    const instance = ct?.instances.find((i) => i.SOPInstanceUID === uid);
    if (!instance) throw new Error(`no CT image ${uid}`);
    return decodeDicomImage(readFileSync(join(caseDir, instance.file)));
  };
  return { manifest, truth, readCt };
}

function main(): void {
  const { manifest, truth, readCt } = readGeneratedCase(join(root, 'sample-dicom'));
  const file = authorCaseAnnotations(manifest, truth, readCt);
  const target = join(root, 'annotations', `${manifest.caseId}.json`);
  const json = JSON.stringify({ $schema: './annotationFile.schema.json', ...file }, null, 2);
  if (process.argv.includes('--check')) {
    const current = JSON.parse(readFileSync(target, 'utf8')) as Record<string, unknown>;
    delete current.$schema;
    if (JSON.stringify(current) !== JSON.stringify(file)) {
      console.error(`${target} is stale: run tsx scripts/authorAnnotations.ts`);
      process.exit(1);
    }
    console.log(`${target} is up to date.`);
    return;
  }
  writeFileSync(target, `${json}\n`);
  // Format as the rest of the repository (Biome), so the committed file stays diff-friendly.
  spawnSync('npx', ['biome', 'format', '--write', target], { cwd: root, stdio: 'inherit' });
  console.log(`Wrote ${file.annotations.length} annotations to ${target}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
