// Same seed, same bytes: regenerates a subset of slices in process (twice) and compares SHA-256 with the
// files on disk, and checks that UIDs do not depend on anatomy. Runs after the sample was generated.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPhantom } from './buildPhantom.ts';
import { CASE_ID } from './caseGeometry.ts';
import { instanceUid, SERIES } from './createDatasets.ts';
import { deterministicUid } from './deterministicUid.ts';
import { CASE_DIR, loadCaseJson } from './loadGeneratedCase.ts';
import { runSliceJob, type SliceJob } from './runSliceJob.ts';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('determinism', () => {
  const built = buildPhantom();
  const jobs: SliceJob[] = [
    { kind: 'ct', index: 0 },
    { kind: 'ct', index: 137 },
    { kind: 'mr', index: 31 },
    { kind: 'us' },
  ];

  it('regenerated slices are byte-identical to each other and to the files on disk', () => {
    loadCaseJson();
    for (const job of jobs) {
      const first = runSliceJob(built, job);
      const second = runSliceJob(buildPhantom(), job);
      expect(first.files.length).toBeGreaterThan(0);
      first.files.forEach((file, i) => {
        const again = second.files[i];
        expect(again?.file).toBe(file.file);
        expect(sha(again?.bytes ?? new Uint8Array())).toBe(sha(file.bytes));
        const onDisk = new Uint8Array(readFileSync(join(CASE_DIR, file.file)));
        expect(sha(onDisk), `${file.file} differs from a fresh regeneration`).toBe(sha(file.bytes));
      });
    }
  }, 30_000);

  it('derives UIDs from stable names only', () => {
    expect(instanceUid(SERIES.ct, 1)).toBe(deterministicUid(`casebook/${CASE_ID}/ct-axial/1`));
    expect(deterministicUid('a')).not.toBe(deterministicUid('b'));
    expect(deterministicUid('casebook/x')).toMatch(/^2\.25\.[1-9]\d{0,38}$/);
  });
});
