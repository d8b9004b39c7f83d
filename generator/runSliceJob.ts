// One unit of parallel work: synthesize a slice and encode its DICOM file(s). Runs in a worker thread or
// in process with identical bytes. No file system access here.
import type { BuiltPhantom } from './buildPhantom.ts';
import { createCtDataset, createMrDataset, createUsDataset, instanceFile, SERIES } from './createDatasets.ts';
import { renderProjectionSlice, synthesizeCtSlice, synthesizeMrSlice } from './synthesizeSlice.ts';
import { synthesizeUltrasound, US } from './synthesizeUltrasound.ts';
import { encodeDicom } from './writeDicomFile.ts';

/** Work for one slice. */
export type SliceJob =
  | { readonly kind: 'ct'; readonly index: number }
  | { readonly kind: 'projection'; readonly z: number }
  | { readonly kind: 'mr'; readonly index: number }
  | { readonly kind: 'us' };

/** An encoded Part-10 file and its path relative to the case folder. */
export interface EncodedFile {
  readonly file: string;
  readonly bytes: Uint8Array;
}

/** Output of a job: encoded files, plus clean HU for slices the radiograph projects. */
export interface SliceJobResult {
  readonly job: SliceJob;
  readonly clean?: Int16Array;
  readonly files: readonly EncodedFile[];
}

/** Runs one job. */
export function runSliceJob(built: BuiltPhantom, job: SliceJob): SliceJobResult {
  switch (job.kind) {
    case 'ct': {
      const { clean, stored } = synthesizeCtSlice(built, job.index);
      const file = instanceFile(SERIES.ct, job.index + 1);
      return { job, clean, files: [{ file, bytes: encodeDicom(createCtDataset(job.index, stored)) }] };
    }
    case 'projection':
      return { job, clean: renderProjectionSlice(built, job.z), files: [] };
    case 'us': {
      const loculus = built.findings.loculi[0];
      if (!loculus) throw new Error('no loculus to scan');
      const pixels = synthesizeUltrasound(built, { centerXMm: loculus.center[0], zMm: loculus.center[2] });
      const region = {
        rows: US.rows,
        columns: US.columns,
        minX: US.firstColumn,
        minY: US.firstRow,
        maxX: US.firstColumn + US.fieldColumns - 1,
        maxY: US.firstRow + US.fieldRows - 1,
        pixelMm: US.pixelMm,
      };
      return {
        job,
        files: [{ file: instanceFile(SERIES.us, 1), bytes: encodeDicom(createUsDataset(pixels, region)) }],
      };
    }
    case 'mr': {
      const { t1, t2 } = synthesizeMrSlice(built, job.index);
      return {
        job,
        files: [
          {
            file: instanceFile(SERIES.mrT1, job.index + 1),
            bytes: encodeDicom(createMrDataset('mrT1', job.index, t1)),
          },
          {
            file: instanceFile(SERIES.mrT2, job.index + 1),
            bytes: encodeDicom(createMrDataset('mrT2', job.index, t2)),
          },
        ],
      };
    }
  }
}

/** Buffers a worker can hand over without copying. */
export function transferList(result: SliceJobResult): ArrayBuffer[] {
  const list = result.files.map((f) => f.bytes.buffer as ArrayBuffer);
  if (result.clean) list.push(result.clean.buffer as ArrayBuffer);
  return list;
}
