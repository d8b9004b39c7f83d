/// <reference types="node" />
// The worker reads a short attribute record (src/data/readAttributes.ts) instead of the library's full
// naturalized dataset. Module by module, what Cornerstone's metadata providers answer from it must equal what
// they answer for the same file read by the library itself (addDicomPart10Instance, dcmjs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Enums, metaData, registerDefaultProviders, utilities } from '@cornerstonejs/metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { readInstance } from '../data/readInstance.ts';

const sampleDir = resolve(import.meta.dirname, '../../sample-dicom/tumoral-calcinosis-pubis');
const pydicomDir = '/usr/lib/python3/dist-packages/pydicom/data/test_files';

/** Every module Cornerstone core and tools ask metaData.get for on a plain image. */
const modules = [
  'imagePlaneModule',
  'imagePixelModule',
  'generalSeriesModule',
  'generalStudyModule',
  'patientModule',
  'patientStudyModule',
  'generalImageModule',
  'voiLutModule',
  'modalityLutModule',
  'sopCommonModule',
  'calibrationModule',
  'cineModule',
  'scalingModule',
  'transferSyntax',
  'calibratedPixelSpacing',
  'petSeriesModule',
  'ultrasoundEnhancedRegionModule',
  'imageUrlModule',
  'frameModule',
  'multiframeModule',
] as const;

beforeAll(() => {
  registerDefaultProviders();
});

function fileIn(dir: string, index: number): string {
  if (!existsSync(dir)) throw new Error(`${dir} is missing: run \`npm run generate\` first.`);
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.dcm'))
    .sort();
  const name = names[Math.min(index, names.length - 1)];
  if (!name) throw new Error(`no DICOM files in ${dir}`);
  return join(dir, name);
}

/** Reads a file both ways and compares every module; returns how many modules had an answer. */
async function compareModules(path: string, tag: string): Promise<number> {
  const bytes = new Uint8Array(readFileSync(path));
  const libraryId = `wadouri:http://library.test/${tag}.dcm`;
  const oursId = `wadouri:http://ours.test/${tag}.dcm`;
  await utilities.addDicomPart10Instance(libraryId, bytes.slice().buffer);
  const read = readInstance(bytes.slice());
  if (read.kind !== 'decoded') throw new Error(`declined: ${read.reason}`);
  utilities.setCacheData(Enums.MetadataModules.NATURALIZED, oursId, read.naturalized);
  let answered = 0;
  for (const module of modules) {
    const library = metaData.get(module, libraryId);
    expect({ module, value: metaData.get(module, oursId) }).toEqual({ module, value: library });
    if (library !== undefined) answered++;
  }
  // Every attribute in our record is the library's value for it.
  const libraryRecord = metaData.get('naturalized', libraryId) as Record<string, unknown>;
  for (const [key, value] of Object.entries(read.naturalized)) {
    expect({ key, value }).toEqual({ key, value: libraryRecord[key] });
  }
  return answered;
}

describe('metadata modules from the worker record equal the library reading', () => {
  it('CT slice: plane geometry and HU scaling', async () => {
    expect(await compareModules(fileIn(join(sampleDir, 'ct'), 10), 'ct')).toBeGreaterThan(10);
    const plane = metaData.get('imagePlaneModule', 'wadouri:http://ours.test/ct.dcm') as {
      imageOrientationPatient: number[];
      rowPixelSpacing: number;
    };
    expect(plane.imageOrientationPatient).toEqual([1, 0, 0, 0, 1, 0]);
    expect(plane.rowPixelSpacing).toBeGreaterThan(0);
  });

  it('DX radiograph: ImagerPixelSpacing, MONOCHROME1, PatientOrientation', async () => {
    expect(await compareModules(fileIn(join(sampleDir, 'dx'), 0), 'dx')).toBeGreaterThan(10);
    const record = metaData.get('naturalized', 'wadouri:http://ours.test/dx.dcm') as {
      PatientOrientation: string[];
      PhotometricInterpretation: string;
    };
    expect(record.PhotometricInterpretation).toBe('MONOCHROME1');
    expect(record.PatientOrientation).toHaveLength(2);
  });

  it('MR slice', async () => {
    expect(await compareModules(fileIn(join(sampleDir, 'mr-t1'), 10), 'mr')).toBeGreaterThan(10);
  });

  it('third-party files (Debian python3-pydicom): signed CT, implicit-VR MR', async () => {
    if (!existsSync(pydicomDir)) {
      throw new Error(
        `${pydicomDir} is missing: install it with \`sudo apt-get install -y python3-pydicom\`.`,
      );
    }
    expect(await compareModules(join(pydicomDir, 'CT_small.dcm'), 'ct-small')).toBeGreaterThan(10);
    expect(await compareModules(join(pydicomDir, 'MR_small_implicit.dcm'), 'mr-implicit')).toBeGreaterThan(
      10,
    );
  });
});
