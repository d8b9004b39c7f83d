// CLI: `npm run generate` writes the sample case into sample-dicom/<case-id>/ and prints progress.
// Thin wrapper; all work is in generateCase.ts.
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { CASE_ID } from './caseGeometry.ts';
import { generateCase } from './generateCase.ts';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'sample-dicom', CASE_ID);
const workers = Math.max(1, Math.min(2, availableParallelism()));
console.log(`Generating ${CASE_ID} into ${outDir} with ${workers} worker(s)...`);
const report = await generateCase({ outDir, workers, log: (line) => console.log(line) });
const mb = (n: number | undefined): string => ((n ?? 0) / 1e6).toFixed(1);
console.log(
  `Done: ${report.files} files (CT ${mb(report.bytes.ct)} MB, MR ${mb(report.bytes.mr)} MB, DX ${mb(report.bytes.dx)} MB) in ${report.seconds.total?.toFixed(1)} s.`,
);
