// Generates the whole sample case: renders every series from one phantom (on worker threads), writes the
// DICOM files, manifest.json and truth.json. The CLI (generate.ts) and the tests call this.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CaseManifest, ManifestSeries } from '../src/model/CaseManifest.ts';
import { type BuiltPhantom, buildPhantom, massBox } from './buildPhantom.ts';
import { type CaseTruth, type TruthLoculus, writtenWorldPoint, writtenWorldVector } from './CaseTruth.ts';
import type { LoculusSpec } from './calcinosisLesion.ts';
import {
  CASE_ID,
  CT,
  ctSliceZ,
  DX,
  DX_ORIGIN_XZ,
  DX_SOURCE,
  DX_VOLUME_Z,
  MR,
  MR_OFFSET_MM,
} from './caseGeometry.ts';
import {
  createDxDataset,
  createNmDataset,
  ctImagePosition,
  FRAMES,
  instanceFile,
  instanceUid,
  mrImagePosition,
  nmWindow,
  SERIES,
  type SeriesDef,
  STUDY,
  seriesUid,
  WINDOWS,
} from './createDatasets.ts';
import { boneVolumeMm3, findLandmark } from './measureTruth.ts';
import { NM, projectBoneScan } from './projectBoneScan.ts';
import { exposeRadiograph, lineIntegrals, type ProjectionVolume } from './projectRadiograph.ts';
import type { SliceJobResult } from './runSliceJob.ts';
import type { Vec3 } from './sdf.ts';
import { US } from './synthesizeUltrasound.ts';
import { WorkerPool } from './WorkerPool.ts';
import { writeDicomFile } from './writeDicomFile.ts';

/** Options of {@link generateCase}. */
export interface GenerateOptions {
  /** Folder that receives manifest.json, truth.json and the series folders. */
  readonly outDir: string;
  /** Worker threads (0 = run on the calling thread). */
  readonly workers: number;
  /** Progress lines go here. */
  readonly log?: (line: string) => void;
}

/** What was generated, with timings. */
export interface GenerateReport {
  readonly seconds: Record<string, number>;
  readonly bytes: Record<string, number>;
  readonly files: number;
}

const projectionZsAbove = (): number[] => {
  const zs: number[] = [];
  for (let z = DX_VOLUME_Z[1]; z > CT.topZMm + 0.1; z -= 2.5) zs.push(z);
  return zs;
};
const projectionZsBelow = (): number[] => {
  const bottom = ctSliceZ(CT.sliceCount - 1);
  const zs: number[] = [];
  for (let z = bottom - 2.5; z >= DX_VOLUME_Z[0]; z -= 2.5) zs.push(z);
  return zs;
};

function seriesEntry(
  def: SeriesDef,
  fields: Omit<
    ManifestSeries,
    'key' | 'SeriesInstanceUID' | 'SeriesNumber' | 'Modality' | 'SeriesDescription' | 'instances'
  >,
  count: number,
  position?: (index: number) => [number, number, number],
): ManifestSeries {
  return {
    key: def.key,
    SeriesInstanceUID: seriesUid(def),
    SeriesNumber: def.SeriesNumber,
    Modality: def.Modality,
    SeriesDescription: def.SeriesDescription,
    ...fields,
    instances: Array.from({ length: count }, (_, i) => ({
      file: instanceFile(def, i + 1),
      SOPInstanceUID: instanceUid(def, i + 1),
      InstanceNumber: i + 1,
      ...(position ? { ImagePositionPatient: writtenWorldPoint(position(i)) } : {}),
    })),
  };
}

/** The loculi the teaching annotations mark come first in the phantom's list. */
const TEACHING_LOCULUS_COUNT = 7;

function truthLoculus(l: LoculusSpec): TruthLoculus {
  return {
    id: l.id,
    centerMm: writtenWorldPoint(l.center),
    radiiMm: l.radii,
    rimThicknessMm: l.rimThicknessMm,
    content: l.content,
    lobulation: l.lobulation,
    levelYMm: l.levelYMm,
    fluidHU: l.fluidHU,
    sedimentHU: l.sedimentHU,
    rimHU: l.rimHU,
  };
}

function buildTruth(built: BuiltPhantom, clean: readonly Int16Array[]): CaseTruth {
  const f = built.findings;
  const loc0 = f.loculi[0];
  if (!loc0) throw new Error('no loculi');
  const [cx, cy, cz] = loc0.center;
  const [rx, ry, rz] = loc0.radii;
  const fluidTop = cy - ry + loc0.rimThicknessMm * 2;
  const sedimentBottom = cy + ry - loc0.rimThicknessMm * 2;
  const around = (c: Vec3, r: Vec3): { minMm: Vec3; maxMm: Vec3 } => ({
    minMm: [c[0] - r[0], c[1] - r[1], c[2] - r[2]],
    maxMm: [c[0] + r[0], c[1] + r[1], c[2] + r[2]],
  });
  const landmarks = [
    findLandmark(clean, {
      name: 'subcutaneous fat (right buttock)',
      tissue: 'fat',
      ...around([-60, 100, 20], [25, 8, 15]),
      accept: [-118, -86],
      expectedHU: [-140, -60],
    }),
    findLandmark(clean, {
      name: 'right gluteus maximus',
      tissue: 'muscle',
      ...around([-85, 80, 20], [25, 12, 20]),
      accept: [40, 60],
      expectedHU: [25, 75],
    }),
    findLandmark(clean, {
      name: 'cortex of the right femoral shaft',
      tissue: 'cortical bone',
      ...around([-123, 0, -80], [16, 18, 5]),
      accept: [1250, 1950],
      expectedHU: [1000, 1950],
    }),
    findLandmark(clean, {
      name: 'cancellous bone of the right femoral head',
      tissue: 'cancellous bone',
      // On the slice through the head's centre (z = 2.5 mm), where the tour shows it.
      ...around([-88, -8, 2.5], [10, 10, 0.7]),
      accept: [215, 340],
      textured: true,
      expectedHU: [180, 420],
    }),
    findLandmark(clean, {
      name: 'urine in the bladder',
      tissue: 'urine',
      ...around([0, -35, 18], [15, 12, 10]),
      accept: [1, 13],
      expectedHU: [-15, 30],
    }),
    findLandmark(clean, {
      name: `${loc0.id} supernatant`,
      tissue: 'loculus fluid',
      ...around(
        [cx, (fluidTop + loc0.levelYMm) / 2, cz],
        [rx * 0.5, Math.max(1, (loc0.levelYMm - fluidTop) / 2 - 1.5), rz * 0.5],
      ),
      accept: [0, 25],
      expectedHU: [-15, 40],
    }),
    findLandmark(clean, {
      name: `${loc0.id} dependent calcium`,
      tissue: 'loculus sediment',
      ...around(
        [cx, (sedimentBottom + loc0.levelYMm) / 2, cz],
        [rx * 0.5, Math.max(1, (sedimentBottom - loc0.levelYMm) / 2 - 1.5), rz * 0.5],
      ),
      accept: [320, 880],
      expectedHU: [280, 920],
    }),
    findLandmark(clean, {
      name: `${loc0.id} calcified rim`,
      tissue: 'loculus rim',
      ...around(loc0.center, [rx + 1, ry + 1, rz + 1]),
      accept: [560, 1150],
      expectedHU: [480, 1250],
      where: (p) => {
        const e = Math.hypot((p[0] - cx) / rx, (p[1] - cy) / ry, (p[2] - cz) / rz);
        // on the fluid side, so the neighbourhood cannot be dependent calcium
        return e > 0.85 && e < 1.05 && p[1] < loc0.levelYMm - 2;
      },
    }),
  ];
  const regionRadii: Vec3 = [
    f.lysisRadii[0] + f.lysisAmplitudeMm + 1,
    f.lysisRadii[1] + f.lysisAmplitudeMm + 1,
    f.lysisRadii[2] + f.lysisAmplitudeMm + 1,
  ];
  const mass = massBox(f.loculi);
  return {
    schemaVersion: 1,
    caseId: CASE_ID,
    FrameOfReferenceUID: FRAMES.ct,
    mrFrameOfReferenceUID: FRAMES.mr,
    mrOffsetMm: writtenWorldVector(MR_OFFSET_MM),
    loculi: f.loculi.slice(0, TEACHING_LOCULUS_COUNT).map(truthLoculus),
    satelliteLoculi: f.loculi.slice(TEACHING_LOCULUS_COUNT).map(truthLoculus),
    mass: { minMm: writtenWorldPoint(mass.min), maxMm: writtenWorldPoint(mass.max) },
    osteolysis: {
      centerMm: writtenWorldPoint(f.lysisCenter),
      radiiMm: regionRadii,
      leftBoneVolumeMm3: boneVolumeMm3(built, 'left', f.lysisCenter, regionRadii),
      rightBoneVolumeMm3: boneVolumeMm3(built, 'right', f.lysisCenter, regionRadii),
    },
    oedemaThicknessMm: f.oedemaThicknessMm,
    landmarks,
    projection: {
      seriesKey: SERIES.dx.key,
      distanceSourceToDetectorMm: DX.distanceSourceToDetectorMm,
      distanceSourceToPatientMm: DX.distanceSourceToDetectorMm - DX.detectorYMm,
      sourceMm: writtenWorldPoint(DX_SOURCE),
      detectorYMm: DX.detectorYMm,
      detectorOriginXZMm: DX_ORIGIN_XZ,
      imagerPixelSpacingMm: [DX.imagerPixelSpacingMm, DX.imagerPixelSpacingMm],
      columnSignX: 1,
      rowSignZ: -1,
    },
  };
}

/** Generates every series, manifest.json and truth.json into `options.outDir`. */
export async function generateCase(options: GenerateOptions): Promise<GenerateReport> {
  const log = options.log ?? (() => {});
  const seconds: Record<string, number> = {};
  const bytes: Record<string, number> = {};
  let files = 0;
  const started = performance.now();
  const built = buildPhantom();
  // Write into a fresh sibling folder and swap it in at the end, so readers (the viewer, other tests)
  // never see a half-written case.
  const finalDir = options.outDir;
  const outDir = `${finalDir}.partial-${process.pid}`;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const pool = new WorkerPool(options.workers, built);
  try {
    // The ultrasound still runs alongside the CT slices.
    const usDone = pool.run({ kind: 'us' });

    // CT
    let t = performance.now();
    const clean: Int16Array[] = new Array(CT.sliceCount);
    let done = 0;
    const write = (result: SliceJobResult, key: string): void => {
      for (const f of result.files) {
        const path = join(outDir, f.file);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, f.bytes);
        bytes[key] = (bytes[key] ?? 0) + f.bytes.length;
        files++;
      }
    };
    await Promise.all(
      Array.from({ length: CT.sliceCount }, async (_, index) => {
        const r = await pool.run({ kind: 'ct', index });
        clean[index] = r.clean as Int16Array;
        write(r, 'ct');
        if (++done % 40 === 0) log(`  ct-axial: ${done}/${CT.sliceCount} slices`);
      }),
    );
    seconds.ct = (performance.now() - t) / 1000;
    log(`ct-axial: ${CT.sliceCount} slices in ${seconds.ct.toFixed(1)} s`);

    // MR T1 and T2-FS
    t = performance.now();
    await Promise.all(
      Array.from({ length: MR.sliceCount }, async (_, index) =>
        write(await pool.run({ kind: 'mr', index }), 'mr'),
      ),
    );
    seconds.mr = (performance.now() - t) / 1000;
    log(`mr-t1-axial + mr-t2fs-axial: ${MR.sliceCount} slices each in ${seconds.mr.toFixed(1)} s`);

    // Radiograph: extend the clean CT volume above and below, then project.
    t = performance.now();
    const above = projectionZsAbove();
    const below = projectionZsBelow();
    const extra = await Promise.all(
      [...above, ...below].map(async (z) => (await pool.run({ kind: 'projection', z })).clean as Int16Array),
    );
    const volume: ProjectionVolume = {
      zs: [...above, ...clean.map((_, i) => ctSliceZ(i)), ...below],
      slices: [...extra.slice(0, above.length), ...clean, ...extra.slice(above.length)],
    };
    const radiograph = exposeRadiograph(lineIntegrals(volume));
    const dxWindow = {
      WindowCenter: radiograph.windowCenter,
      WindowWidth: radiograph.windowWidth,
      explanation: 'DEFAULT',
    };
    bytes.dx = writeDicomFile(
      join(outDir, instanceFile(SERIES.dx, 1)),
      createDxDataset(radiograph.stored, dxWindow),
    );
    files++;
    seconds.dx = (performance.now() - t) / 1000;
    log(`dx-pelvis-ap: 1 image in ${seconds.dx.toFixed(1)} s`);

    // Ultrasound and bone scan
    t = performance.now();
    write(await usDone, 'us');
    const counts = projectBoneScan(volume, built.findings);
    bytes.nm = writeDicomFile(
      join(outDir, instanceFile(SERIES.nm, 1)),
      createNmDataset(counts, NM.rows, NM.columns, NM.pixelMm),
    );
    files++;
    seconds.usNm = (performance.now() - t) / 1000;
    log(`us-mass + nm-bone: 1 image each in ${seconds.usNm.toFixed(1)} s`);

    // truth.json and manifest.json
    t = performance.now();
    const truth = buildTruth(built, clean);
    const manifest: CaseManifest = {
      schemaVersion: 1,
      caseId: CASE_ID,
      title: 'Uremic tumoral calcinosis of the pubis',
      // What an unknown case is called (title bar, image corners): the presentation, never the diagnosis.
      displayName: 'Case 1 — pelvic mass, hemodialysis patient',
      displayDescription: 'Pelvis: CT, MR, radiograph, US and bone scan',
      StudyInstanceUID: STUDY.StudyInstanceUID,
      StudyDescription: STUDY.StudyDescription,
      PatientName: STUDY.PatientName,
      PatientID: STUDY.PatientID,
      series: [
        seriesEntry(
          SERIES.ct,
          {
            FrameOfReferenceUID: FRAMES.ct,
            Rows: CT.rows,
            Columns: CT.columns,
            PixelSpacing: [CT.pixelSpacingMm, CT.pixelSpacingMm],
            ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
            SliceThickness: CT.sliceThicknessMm,
            sliceSpacingMm: CT.sliceSpacingMm,
            PhotometricInterpretation: 'MONOCHROME2',
            windows: WINDOWS.ct,
          },
          CT.sliceCount,
          ctImagePosition,
        ),
        ...(['mrT1', 'mrT2'] as const).map((which) =>
          seriesEntry(
            SERIES[which],
            {
              FrameOfReferenceUID: FRAMES.mr,
              Rows: MR.rows,
              Columns: MR.columns,
              PixelSpacing: [MR.pixelSpacingMm, MR.pixelSpacingMm],
              ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
              SliceThickness: MR.sliceThicknessMm,
              sliceSpacingMm: MR.sliceSpacingMm,
              PhotometricInterpretation: 'MONOCHROME2',
              windows: WINDOWS[which],
            },
            MR.sliceCount,
            mrImagePosition,
          ),
        ),
        seriesEntry(
          SERIES.dx,
          {
            Rows: DX.rows,
            Columns: DX.columns,
            PixelSpacing: [DX.imagerPixelSpacingMm, DX.imagerPixelSpacingMm],
            PhotometricInterpretation: 'MONOCHROME1',
            windows: [dxWindow],
          },
          1,
        ),
        seriesEntry(
          SERIES.us,
          {
            Rows: US.rows,
            Columns: US.columns,
            PixelSpacing: [US.pixelMm, US.pixelMm],
            PhotometricInterpretation: 'MONOCHROME2',
            windows: WINDOWS.us,
          },
          1,
        ),
        seriesEntry(
          SERIES.nm,
          {
            Rows: NM.rows,
            Columns: NM.columns,
            PixelSpacing: [NM.pixelMm, NM.pixelMm],
            PhotometricInterpretation: 'MONOCHROME2',
            windows: [nmWindow(counts)],
          },
          1,
        ),
      ],
    };
    writeFileSync(join(outDir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
    writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    seconds.truth = (performance.now() - t) / 1000;
    const retired = `${finalDir}.old-${process.pid}`;
    if (existsSync(finalDir)) renameSync(finalDir, retired);
    renameSync(outDir, finalDir);
    rmSync(retired, { recursive: true, force: true });
    seconds.total = (performance.now() - started) / 1000;
    log(`truth.json + manifest.json in ${seconds.truth.toFixed(1)} s; total ${seconds.total.toFixed(1)} s`);
    return { seconds, bytes, files };
  } finally {
    await pool.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}
