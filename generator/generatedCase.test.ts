// Reads the generated sample case back (dicom-parser) and checks what a radiologist or the viewer would
// notice: geometry agreeing with the manifest, tissue values, the sedimentation sign, bone loss, MR
// contrasts and the radiograph. Runs after `node scripts/ensureSample.mjs`.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseManifest } from '../src/model/CaseManifest.ts';
import type { CaseTruth, TruthLoculus } from './CaseTruth.ts';
import { CASE_ID } from './caseGeometry.ts';
import {
  type AxialStack,
  loadAxialStack,
  loadCaseJson,
  numbers,
  type ParsedImage,
  parseImage,
  seriesByKey,
} from './loadGeneratedCase.ts';
import { NM } from './projectBoneScan.ts';
import { US } from './synthesizeUltrasound.ts';

type P3 = readonly [number, number, number];

let manifest: CaseManifest;
let truth: CaseTruth;
let ct: AxialStack;
let t1: AxialStack;
let t2: AxialStack;
let dx: ParsedImage;

beforeAll(() => {
  ({ manifest, truth } = loadCaseJson());
  ct = loadAxialStack(seriesByKey(manifest, 'ct-axial'));
  t1 = loadAxialStack(seriesByKey(manifest, 'mr-t1-axial'));
  t2 = loadAxialStack(seriesByKey(manifest, 'mr-t2fs-axial'));
  const dxSeries = seriesByKey(manifest, 'dx-pelvis-ap');
  dx = parseImage(dxSeries.instances[0]?.file ?? '');
});

const toMr = (p: P3): P3 => [
  p[0] + truth.mrOffsetMm[0],
  p[1] + truth.mrOffsetMm[1],
  p[2] + truth.mrOffsetMm[2],
];
const mirror = (p: P3): P3 => [-p[0], p[1], p[2]];
const mean = (values: readonly number[]): number =>
  values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** Samples a stack at points of a regular grid inside a loculus that satisfy `keep`. */
function loculusSamples(
  stack: AxialStack,
  l: TruthLoculus,
  frame: (p: P3) => P3,
  keep: (p: P3, e: number) => boolean,
): number[] {
  const out: number[] = [];
  const [cx, cy, cz] = l.centerMm;
  const [rx, ry, rz] = l.radiiMm;
  const step = stack.series.PixelSpacing[0];
  const zStep = stack.series.sliceSpacingMm ?? 1;
  for (let z = cz - rz; z <= cz + rz; z += zStep) {
    for (let y = cy - ry; y <= cy + ry; y += step) {
      for (let x = cx - rx; x <= cx + rx; x += step) {
        const p: P3 = [x, y, z];
        const e = Math.hypot((x - cx) / rx, (y - cy) / ry, (z - cz) / rz);
        if (e <= 1 && keep(p, e)) out.push(stack.sample(frame(p)));
      }
    }
  }
  return out.filter((v) => Number.isFinite(v));
}

const identity = (p: P3): P3 => p;

describe('generated case: files and geometry', () => {
  it('lists the four contracted series in one study, CT and MR in different frames', () => {
    expect(manifest.caseId).toBe(CASE_ID);
    expect(manifest.series.map((s) => s.key)).toEqual(
      expect.arrayContaining([
        'ct-axial',
        'mr-t1-axial',
        'mr-t2fs-axial',
        'dx-pelvis-ap',
        'us-mass',
        'nm-bone',
      ]),
    );
    const ctSeries = seriesByKey(manifest, 'ct-axial');
    expect(ctSeries.FrameOfReferenceUID).toBe(truth.FrameOfReferenceUID);
    expect(seriesByKey(manifest, 'mr-t1-axial').FrameOfReferenceUID).toBe(truth.mrFrameOfReferenceUID);
    expect(seriesByKey(manifest, 'mr-t2fs-axial').FrameOfReferenceUID).toBe(truth.mrFrameOfReferenceUID);
    expect(truth.mrFrameOfReferenceUID).not.toBe(truth.FrameOfReferenceUID);
    expect(Math.hypot(...truth.mrOffsetMm)).toBeGreaterThan(20);
  });

  it('every file parses and its tags match the manifest (UIDs, order, position, orientation, spacing)', () => {
    const sopUids = new Set<string>();
    for (const series of manifest.series) {
      const stack =
        series.key === 'ct-axial'
          ? ct
          : series.key === 'mr-t1-axial'
            ? t1
            : series.key === 'mr-t2fs-axial'
              ? t2
              : null;
      series.instances.forEach((instance, index) => {
        const image = stack ? (stack.images[index] as ParsedImage) : parseImage(instance.file);
        const ds = image.dataSet;
        expect(ds.string('x00080018')).toBe(instance.SOPInstanceUID);
        expect(ds.string('x0020000e')).toBe(series.SeriesInstanceUID);
        expect(ds.string('x0020000d')).toBe(manifest.StudyInstanceUID);
        expect(ds.string('x00080060')).toBe(series.Modality);
        expect(Number(ds.string('x00200013'))).toBe(instance.InstanceNumber);
        expect(image.rows).toBe(series.Rows);
        expect(image.columns).toBe(series.Columns);
        expect(ds.string('x00280004')).toBe(series.PhotometricInterpretation);
        expect(Number(ds.string('x00281050', 0))).toBe(series.windows[0]?.WindowCenter);
        expect(Number(ds.string('x00281051', 0))).toBe(series.windows[0]?.WindowWidth);
        if (series.FrameOfReferenceUID) expect(ds.string('x00200052')).toBe(series.FrameOfReferenceUID);
        if (series.ImageOrientationPatient) {
          expect(numbers(ds, 'x00200037')).toEqual([...series.ImageOrientationPatient]);
          expect(numbers(ds, 'x00200032')).toEqual([...(instance.ImagePositionPatient ?? [])]);
          expect(numbers(ds, 'x00280030')).toEqual([...series.PixelSpacing]);
          expect(Number(ds.string('x00180050'))).toBe(series.SliceThickness);
          expect(ds.string('x00185100')).toBe('HFS');
        } else if (series.Modality === 'DX') {
          expect(numbers(ds, 'x00181164')).toEqual([...series.PixelSpacing]);
        } else if (series.Modality === 'US') {
          const region = ds.elements.x00186011?.items?.[0]?.dataSet;
          expect(region?.double('x0018602c')).toBeCloseTo(series.PixelSpacing[1] / 10, 9);
          expect(region?.double('x0018602e')).toBeCloseTo(series.PixelSpacing[0] / 10, 9);
        } else {
          expect(numbers(ds, 'x00280030')).toEqual([...series.PixelSpacing]);
        }
        expect(sopUids.has(instance.SOPInstanceUID)).toBe(false);
        sopUids.add(instance.SOPInstanceUID);
        expect(instance.SOPInstanceUID).toMatch(/^2\.25\.[1-9]\d*$/);
        expect(instance.SOPInstanceUID.length).toBeLessThanOrEqual(64);
      });
    }
  });

  it('orders axial stacks superior to inferior at the manifest slice spacing', () => {
    for (const stack of [ct, t1, t2]) {
      const spacing = stack.series.sliceSpacingMm ?? 0;
      for (let i = 1; i < stack.zs.length; i++) {
        expect((stack.zs[i - 1] as number) - (stack.zs[i] as number)).toBeCloseTo(spacing, 6);
      }
    }
    expect(ct.zs.length).toBeGreaterThanOrEqual(180);
    expect(ct.series.PixelSpacing[0]).toBeCloseTo(0.78125, 6);
    expect(t1.series.Rows).toBeGreaterThanOrEqual(256);
  });

  it('the radiograph is a MONOCHROME1 AP image with patient left toward increasing columns and feet down', () => {
    const ds = dx.dataSet;
    expect(ds.string('x00280004')).toBe('MONOCHROME1');
    expect(ds.string('x00200020', 0)).toBe('L');
    expect(ds.string('x00200020', 1)).toBe('F');
    expect(ds.string('x00185101')).toBe('AP');
    expect(truth.projection.columnSignX).toBe(1);
    expect(truth.projection.rowSignZ).toBe(-1);
  });
});

describe('generated case: CT tissue values (HU)', () => {
  it('every truth landmark reads its expected range (3x3 mean on the nearest slice)', () => {
    expect(truth.landmarks.length).toBeGreaterThanOrEqual(8);
    for (const l of truth.landmarks) {
      const v = ct.mean(l.pointMm, 1);
      expect(v, `${l.name} = ${v.toFixed(1)} HU`).toBeGreaterThanOrEqual(l.expectedHU[0]);
      expect(v, `${l.name} = ${v.toFixed(1)} HU`).toBeLessThanOrEqual(l.expectedHU[1]);
    }
  });

  it('keeps the brief’s tissue order: fat < supernatant < muscle < sediment < rim < cortex', () => {
    const byTissue = (t: string): number => {
      const l = truth.landmarks.find((x) => x.tissue === t);
      if (!l) throw new Error(`no ${t} landmark`);
      return ct.mean(l.pointMm, 1);
    };
    const order = ['fat', 'loculus fluid', 'muscle', 'loculus sediment', 'loculus rim', 'cortical bone'].map(
      byTissue,
    );
    for (let i = 1; i < order.length; i++) expect(order[i]).toBeGreaterThan(order[i - 1] as number);
  });

  it('every loculus holds fluid (0–25 HU) above dependent calcium (300–900 HU) inside a calcified rim', () => {
    expect(truth.loculi.length).toBeGreaterThanOrEqual(5);
    for (const l of truth.loculi) {
      const fluid = loculusSamples(ct, l, identity, (p, e) => e < 0.7 && p[1] < l.levelYMm - 1.5);
      const sediment = loculusSamples(ct, l, identity, (p, e) => e < 0.85 && p[1] > l.levelYMm + 1.2);
      const rim = loculusSamples(ct, l, identity, (_p, e) => e > 0.88 && e <= 1);
      expect(fluid.length, l.id).toBeGreaterThan(20);
      expect(sediment.length, l.id).toBeGreaterThan(5);
      expect(mean(fluid), `${l.id} fluid`).toBeGreaterThanOrEqual(0);
      expect(mean(fluid), `${l.id} fluid`).toBeLessThanOrEqual(30);
      expect(mean(sediment), `${l.id} sediment`).toBeGreaterThanOrEqual(300);
      expect(mean(sediment), `${l.id} sediment`).toBeLessThanOrEqual(900);
      const rimPeak = rim.sort((a, b) => a - b)[Math.floor(rim.length * 0.9)] as number;
      expect(rimPeak, `${l.id} rim`).toBeGreaterThanOrEqual(450);
      expect(rimPeak, `${l.id} rim`).toBeLessThanOrEqual(1300);
    }
  });

  it('the mass is a cluster of 15–30 loculi of 0.5–4 cm, partly confluent, mostly layered, a few chalky', () => {
    const all = [...truth.loculi, ...truth.satelliteLoculi];
    expect(all.length).toBeGreaterThanOrEqual(15);
    expect(all.length).toBeLessThanOrEqual(30);
    expect(new Set(all.map((l) => l.id)).size).toBe(all.length);
    for (const l of all) {
      expect(2 * Math.min(...l.radiiMm), l.id).toBeGreaterThanOrEqual(5);
      expect(2 * Math.max(...l.radiiMm), l.id).toBeLessThanOrEqual(40);
    }
    const sizes = all.map((l) => 2 * Math.max(...l.radiiMm));
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeGreaterThan(20);
    // Teaching loculi all have a level; among the rest, most do and a few are chalky.
    expect(truth.loculi.every((l) => l.content === 'layered')).toBe(true);
    const chalky = all.filter((l) => l.content === 'chalky');
    expect(chalky.length).toBeGreaterThanOrEqual(3);
    expect(chalky.length).toBeLessThan(all.length / 3);
    // Confluent: pairs of loculi whose walls touch or are shared (a septum between them).
    const meanR = (l: TruthLoculus) => (l.radiiMm[0] + l.radiiMm[1] + l.radiiMm[2]) / 3;
    let touching = 0;
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const a = all[i] as TruthLoculus;
        const b = all[j] as TruthLoculus;
        const d = Math.hypot(...([0, 1, 2] as const).map((k) => a.centerMm[k] - b.centerMm[k]));
        if (d < meanR(a) + meanR(b) + 1) touching++;
      }
    }
    expect(touching).toBeGreaterThanOrEqual(10);
    for (const l of all) {
      expect(l.centerMm[0], `${l.id} on the left`).toBeGreaterThan(0);
      for (const k of [0, 1, 2] as const) {
        expect(l.centerMm[k] - l.radiiMm[k]).toBeGreaterThanOrEqual(truth.mass.minMm[k] - 1e-6);
        expect(l.centerMm[k] + l.radiiMm[k]).toBeLessThanOrEqual(truth.mass.maxMm[k] + 1e-6);
      }
    }
  });

  it('satellite loculi: layered ones hold fluid over dependent calcium, chalky ones homogeneous calcium', () => {
    const all = [...truth.loculi, ...truth.satelliteLoculi];
    let layeredChecked = 0;
    for (const satellite of truth.satelliteLoculi) {
      // Leave out points that a confluent neighbour's wall or content reaches into.
      const neighbours = all.filter((o) => o.id !== satellite.id);
      const own = (p: P3) =>
        neighbours.every(
          (o) =>
            Math.hypot(
              (p[0] - o.centerMm[0]) / (o.radiiMm[0] + 1.5),
              (p[1] - o.centerMm[1]) / (o.radiiMm[1] + 1.5),
              (p[2] - o.centerMm[2]) / (o.radiiMm[2] + 1.5),
            ) > 1,
        );
      const l = satellite;
      const loculusSamplesOwn = (keep: (p: P3, e: number) => boolean) =>
        loculusSamples(ct, l, identity, (p, e) => own(p) && keep(p, e));
      const [, cy] = l.centerMm;
      const ry = l.radiiMm[1];
      if (l.content === 'chalky') {
        const core = loculusSamplesOwn((_p, e) => e < 0.55);
        const front = loculusSamplesOwn((p, e) => e < 0.6 && p[1] < cy - 0.15 * ry);
        const back = loculusSamplesOwn((p, e) => e < 0.6 && p[1] > cy + 0.15 * ry);
        expect(core.length, l.id).toBeGreaterThan(2);
        expect(mean(core), `${l.id} chalk`).toBeGreaterThan(600);
        expect(mean(core), `${l.id} chalk`).toBeLessThan(1300);
        // no level: the anterior half is as dense as the posterior half
        if (front.length > 2 && back.length > 2)
          expect(Math.abs(mean(front) - mean(back)), `${l.id} homogeneous`).toBeLessThan(200);
        continue;
      }
      // Sample only where the fluid and calcium layers are each at least ~2.5 mm deep.
      if (l.levelYMm - (cy - 0.6 * ry) < 3 || cy + 0.75 * ry - l.levelYMm < 2.5) continue;
      const fluid = loculusSamplesOwn((p, e) => e < 0.6 && p[1] < l.levelYMm - 1.5);
      const sediment = loculusSamplesOwn((p, e) => e < 0.75 && p[1] > l.levelYMm + 1.2);
      if (fluid.length < 4 || sediment.length < 3) continue;
      layeredChecked++;
      expect(mean(fluid), `${l.id} fluid`).toBeLessThanOrEqual(40);
      expect(mean(sediment), `${l.id} sediment`).toBeGreaterThanOrEqual(300);
      expect(mean(sediment), `${l.id} sediment`).toBeLessThanOrEqual(1000);
    }
    expect(layeredChecked).toBeGreaterThanOrEqual(5);
  });

  it('sediment is graded: denser near the dependent wall than just under the level', () => {
    for (const l of truth.loculi.filter((x) => x.radiiMm[1] >= 10)) {
      const [cx, cy, cz] = l.centerMm;
      const bottom = cy + l.radiiMm[1] - 2.2 * l.rimThicknessMm - 1.5;
      if (bottom - l.levelYMm < 5) continue;
      const near = ct.mean([cx, l.levelYMm + 1.5, cz], 1);
      const deep = ct.mean([cx, bottom, cz], 1);
      expect(deep - near, `${l.id}: ${near.toFixed(0)} → ${deep.toFixed(0)} HU`).toBeGreaterThan(60);
    }
  });

  it('shows the sedimentation sign: a sharp level on the same image row across each loculus', () => {
    const [rowSpacing] = ct.series.PixelSpacing;
    for (const l of truth.loculi) {
      const [cx, , cz] = l.centerMm;
      const rows = [-0.35, 0, 0.35].map((f) => {
        const x = cx + f * l.radiiMm[0];
        const above = ct.mean([x, l.levelYMm - 1.6, cz], 1);
        const below = ct.mean([x, l.levelYMm + 1.6, cz], 1);
        expect(above, `${l.id} above level`).toBeLessThan(100);
        expect(below, `${l.id} below level`).toBeGreaterThan(250);
        // first row (walking posteriorly) that crosses the midpoint of the two layers
        const threshold = (above + below) / 2;
        let y = l.levelYMm - 1.6;
        while (ct.sample([x, y, cz]) < threshold && y < l.levelYMm + 3) y += rowSpacing;
        return Math.round(y / rowSpacing);
      });
      expect(Math.max(...rows) - Math.min(...rows), `${l.id} level rows ${rows}`).toBeLessThanOrEqual(2);
    }
  });

  it('left pubic bone volume, counted from CT voxels, is clearly less than the mirrored right side', () => {
    const { centerMm, radiiMm } = truth.osteolysis;
    const [rowSpacing, colSpacing] = ct.series.PixelSpacing;
    const voxel = rowSpacing * colSpacing * (ct.series.sliceSpacingMm ?? 1);
    const count = (sign: number): number => {
      let n = 0;
      for (
        let z = centerMm[2] - radiiMm[2];
        z <= centerMm[2] + radiiMm[2];
        z += ct.series.sliceSpacingMm ?? 1
      ) {
        for (let y = centerMm[1] - radiiMm[1]; y <= centerMm[1] + radiiMm[1]; y += rowSpacing) {
          for (let x = centerMm[0] - radiiMm[0]; x <= centerMm[0] + radiiMm[0]; x += colSpacing) {
            const e =
              ((x - centerMm[0]) / radiiMm[0]) ** 2 +
              ((y - centerMm[1]) / radiiMm[1]) ** 2 +
              ((z - centerMm[2]) / radiiMm[2]) ** 2;
            if (e <= 1 && ct.sample([sign * x, y, z]) > 180) n++;
          }
        }
      }
      return n * voxel;
    };
    const left = count(1);
    const right = count(-1);
    expect(right).toBeGreaterThan(2000);
    expect(left).toBeLessThan(0.7 * right);
    expect(truth.osteolysis.leftBoneVolumeMm3).toBeLessThan(0.7 * truth.osteolysis.rightBoneVolumeMm3);
    expect(left / right).toBeCloseTo(
      truth.osteolysis.leftBoneVolumeMm3 / truth.osteolysis.rightBoneVolumeMm3,
      0,
    );
  });
});

/**
 * Texture statistic: the SD of each pixel minus its 5x5 neighbourhood mean, over the pixels of a stack
 * within `radiusMm` of a point (in-plane, on every slice within the radius). Trabeculae make it large;
 * in fat only the CT noise is left.
 */
function highPassSd(stack: AxialStack, centre: P3, radiusMm: number): number {
  const step = stack.series.PixelSpacing[0];
  let sq = 0;
  let n = 0;
  for (let z = centre[2] - radiusMm; z <= centre[2] + radiusMm; z += stack.series.sliceSpacingMm ?? 1) {
    for (let y = centre[1] - radiusMm; y <= centre[1] + radiusMm; y += step) {
      for (let x = centre[0] - radiusMm; x <= centre[0] + radiusMm; x += step) {
        if (Math.hypot(x - centre[0], y - centre[1], z - centre[2]) > radiusMm) continue;
        const p: P3 = [x, y, z];
        const d = stack.sample(p) - stack.mean(p, 2);
        sq += d * d;
        n++;
      }
    }
  }
  return Math.sqrt(sq / Math.max(1, n));
}

describe('generated case: bone texture', () => {
  it('CT: cancellous bone of the femoral heads shows trabecular texture; fat does not', () => {
    const fat = truth.landmarks.find((x) => x.tissue === 'fat')?.pointMm;
    const head = truth.landmarks.find((x) => x.tissue === 'cancellous bone')?.pointMm;
    if (!fat || !head) throw new Error('no fat or cancellous landmark');
    const inFat = highPassSd(ct, fat, 5);
    const centre: P3 = [-88, -8, 0];
    for (const p of [centre, mirror(centre)]) {
      const inBone = highPassSd(ct, p, 12);
      expect(inBone, `cancellous ${inBone.toFixed(1)} HU vs fat ${inFat.toFixed(1)} HU`).toBeGreaterThan(45);
      expect(inBone).toBeGreaterThan(3 * inFat);
    }
    expect(inFat).toBeLessThan(20);
  });
});

describe('generated case: MR contrasts', () => {
  const fat = (): P3 => {
    const l = truth.landmarks.find((x) => x.tissue === 'fat');
    if (!l) throw new Error('no fat landmark');
    return l.pointMm;
  };
  const muscle = (): P3 => {
    const l = truth.landmarks.find((x) => x.tissue === 'muscle');
    if (!l) throw new Error('no muscle landmark');
    return l.pointMm;
  };
  const biggest = (): TruthLoculus =>
    [...truth.loculi].sort(
      (a, b) => b.radiiMm[0] * b.radiiMm[1] * b.radiiMm[2] - a.radiiMm[0] * a.radiiMm[1] * a.radiiMm[2],
    )[0] as TruthLoculus;

  it('T1: the mass is dark and fat is bright', () => {
    const l = biggest();
    const mass = mean(loculusSamples(t1, l, toMr, (_p, e) => e < 0.6));
    const fatSignal = t1.mean(toMr(fat()), 1);
    expect(mass).toBeLessThan(0.35 * fatSignal);
    expect(t1.mean(toMr(muscle()), 1)).toBeLessThan(0.6 * fatSignal);
  });

  it('T2-FS: fat is suppressed below muscle, in subcutaneous fat on both sides', () => {
    const muscleSignal = (t2.mean(toMr(muscle()), 1) + t2.mean(toMr(mirror(muscle())), 1)) / 2;
    for (const p of [fat(), mirror(fat())]) {
      const v = t2.mean(toMr(p), 1);
      expect(v, `fat ${v.toFixed(0)} vs muscle ${muscleSignal.toFixed(0)}`).toBeLessThan(0.65 * muscleSignal);
    }
    // and on T1 the same fat is the brightest soft tissue
    expect(t1.mean(toMr(fat()), 1)).toBeGreaterThan(1.8 * t1.mean(toMr(muscle()), 1));
  });

  it('T2-FS: bright fluid nodules, dark dependent calcium, bright oedema, suppressed fat', () => {
    const muscleSignal = t2.mean(toMr(muscle()), 1);
    for (const l of truth.loculi.filter((x) => x.radiiMm[1] >= 10)) {
      const fluid = mean(loculusSamples(t2, l, toMr, (p, e) => e < 0.7 && p[1] < l.levelYMm - 2));
      const sediment = mean(loculusSamples(t2, l, toMr, (p, e) => e < 0.7 && p[1] > l.levelYMm + 2));
      expect(fluid, `${l.id} fluid`).toBeGreaterThan(2 * muscleSignal);
      expect(sediment, `${l.id} sediment`).toBeLessThan(0.5 * fluid);
    }
    expect(t2.mean(toMr(fat()), 1)).toBeLessThan(muscleSignal);
    // oedema: just lateral to the mass versus the same point on the right
    const probe: P3 = [
      truth.mass.maxMm[0] + 5,
      (truth.mass.minMm[1] + truth.mass.maxMm[1]) / 2,
      (truth.mass.minMm[2] + truth.mass.maxMm[2]) / 2,
    ];
    expect(t2.mean(toMr(probe), 1)).toBeGreaterThan(2 * t2.mean(toMr(mirror(probe)), 1));
  });
});

describe('generated case: radiograph', () => {
  it('the mass projects denser (lower MONOCHROME1 values) than the mirrored right side', () => {
    const p = truth.projection;
    const project = (q: P3): [number, number] => {
      const [sx, sy, sz] = p.sourceMm;
      const m = (p.detectorYMm - sy) / (q[1] - sy);
      const u = sx + (q[0] - sx) * m;
      const v = sz + (q[2] - sz) * m;
      return [
        (p.columnSignX * (u - p.detectorOriginXZMm[0])) / p.imagerPixelSpacingMm[1],
        (p.rowSignZ * (v - p.detectorOriginXZMm[1])) / p.imagerPixelSpacingMm[0],
      ];
    };
    const region = (c: [number, number], half: number): number => {
      let sum = 0;
      let n = 0;
      for (let r = Math.round(c[1]) - half; r <= Math.round(c[1]) + half; r++) {
        for (let col = Math.round(c[0]) - half; col <= Math.round(c[0]) + half; col++) {
          sum += dx.values[r * dx.columns + col] as number;
          n++;
        }
      }
      return sum / n;
    };
    const centre: P3 = [
      (truth.mass.minMm[0] + truth.mass.maxMm[0]) / 2,
      (truth.mass.minMm[1] + truth.mass.maxMm[1]) / 2,
      (truth.mass.minMm[2] + truth.mass.maxMm[2]) / 2,
    ];
    const at = project(centre);
    const mirrored = project(mirror(centre));
    expect(at[0]).toBeGreaterThan(dx.columns / 2);
    expect(mirrored[0]).toBeLessThan(dx.columns / 2);
    expect(region(at, 40)).toBeLessThan(region(mirrored, 40) - 50);
  });
});

describe('generated case: radiograph density of the mass', () => {
  it('the calcium of the mass projects denser than the mirrored right side, chalky loculi denser than the right pubic body', () => {
    const p = truth.projection;
    const project = (q: P3): [number, number] => {
      const [sx, sy, sz] = p.sourceMm;
      const m = (p.detectorYMm - sy) / (q[1] - sy);
      return [
        (p.columnSignX * (sx + (q[0] - sx) * m - p.detectorOriginXZMm[0])) / p.imagerPixelSpacingMm[1],
        (p.rowSignZ * (sz + (q[2] - sz) * m - p.detectorOriginXZMm[1])) / p.imagerPixelSpacingMm[0],
      ];
    };
    /** Mean MONOCHROME1 value (low = dense) over a disk of radius r pixels. */
    const disk = (c: [number, number], r: number): number => {
      let sum = 0;
      let n = 0;
      for (let b = -r; b <= r; b++) {
        for (let a = -r; a <= r; a++) {
          if (a * a + b * b > r * r) continue;
          sum += dx.values[(Math.round(c[1]) + b) * dx.columns + Math.round(c[0]) + a] as number;
          n++;
        }
      }
      return sum / n;
    };
    const chalky = truth.satelliteLoculi.filter((l) => l.content === 'chalky');
    const dense = [truth.loculi[0] as TruthLoculus, ...chalky];
    const atMass: number[] = [];
    for (const l of dense) {
      const r = Math.max(2, Math.round((0.5 * l.radiiMm[0]) / p.imagerPixelSpacingMm[1]));
      const here = disk(project(l.centerMm), r);
      const there = disk(project(mirror(l.centerMm)), r);
      expect(here, `${l.id}: ${here.toFixed(0)} vs mirrored ${there.toFixed(0)}`).toBeLessThan(there - 200);
      if (l.content === 'chalky') atMass.push(here);
    }
    const rightPubis = disk(project(mirror(truth.osteolysis.centerMm)), 20);
    const median = [...atMass].sort((a, b) => a - b)[Math.floor(atMass.length / 2)] as number;
    expect(
      median,
      `chalky loculi ${median.toFixed(0)} vs right pubic body ${rightPubis.toFixed(0)}`,
    ).toBeLessThan(rightPubis - 300);
  });
});

describe('generated case: ultrasound and bone scan', () => {
  it('ultrasound: anechoic fluid over an echogenic dependent layer, with posterior acoustic shadowing', () => {
    const us = parseImage(seriesByKey(manifest, 'us-mass').instances[0]?.file ?? '');
    const centre = Math.round(US.firstColumn + (US.fieldColumns - 1) / 2);
    const rowMean = (r: number, c0: number): number => {
      let sum = 0;
      for (let c = c0 - 12; c <= c0 + 12; c++) sum += us.values[r * us.columns + c] as number;
      return sum / 25;
    };
    const profile = Array.from({ length: US.fieldRows }, (_, r) => rowMean(US.firstRow + r, centre));
    const runs: { kind: 'dark' | 'bright'; start: number; length: number }[] = [];
    for (let r = 0; r < profile.length; r++) {
      const kind = (profile[r] as number) < 20 ? 'dark' : (profile[r] as number) > 60 ? 'bright' : null;
      if (!kind) continue;
      const last = runs[runs.length - 1];
      if (last && last.kind === kind && last.start + last.length >= r - 3) last.length = r - last.start + 1;
      else runs.push({ kind, start: r, length: 1 });
    }
    const long = runs.filter((x) => x.length >= 25);
    const fluid = long.findIndex((x) => x.kind === 'dark');
    expect(fluid, JSON.stringify(long)).toBeGreaterThan(0);
    const sediment = long.slice(fluid + 1).findIndex((x) => x.kind === 'bright');
    expect(sediment, JSON.stringify(long)).toBeGreaterThanOrEqual(0);
    const shadowRow = US.firstRow + US.fieldRows - 10;
    const lateral = Math.min(
      rowMean(shadowRow, US.firstColumn + 15),
      rowMean(shadowRow - 150, US.firstColumn + 15),
    );
    expect(rowMean(shadowRow, centre)).toBeLessThan(0.4 * Math.max(lateral, 40));
  });

  it('bone scan: intense uptake over the left pubic mass compared with the mirrored right side', () => {
    const nm = parseImage(seriesByKey(manifest, 'nm-bone').instances[0]?.file ?? '');
    const at = (x: number, z: number): number => {
      const c = Math.round((x - NM.originXMm) / NM.pixelMm);
      const r = Math.round((NM.originZMm - z) / NM.pixelMm);
      let sum = 0;
      for (let b = -2; b <= 2; b++)
        for (let a = -2; a <= 2; a++) sum += nm.values[(r + b) * nm.columns + c + a] as number;
      return sum / 25;
    };
    const l = truth.loculi[0] as TruthLoculus;
    expect(at(l.centerMm[0], l.centerMm[2])).toBeGreaterThan(2 * at(-l.centerMm[0], l.centerMm[2]));
    // normal bone is visible: femoral head above soft-tissue background
    expect(at(-88, 0)).toBeGreaterThan(1.5 * at(-150, 80));
  });
});
