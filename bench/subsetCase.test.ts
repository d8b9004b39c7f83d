import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseManifest } from '../src/model/CaseManifest.ts';
import { writeSubsetCase } from './subsetCase.ts';

describe('writeSubsetCase', () => {
  it('keeps a middle block of the chosen series and points every file back at the original folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'subset-'));
    const instance = (file: string) => ({ file, SOPInstanceUID: file, InstanceNumber: 1 });
    const manifest = {
      series: [
        { key: 'ct-axial', instances: Array.from({ length: 10 }, (_, i) => instance(`ct/${i}.dcm`)) },
        { key: 'dx', instances: [instance('dx/0.dcm')] },
      ],
    };
    const source = join(root, 'case.json');
    writeFileSync(source, JSON.stringify(manifest));
    const out = writeSubsetCase(source, 'ct-axial', 4, join(root, 'out', 'smoke'));
    const subset = JSON.parse(readFileSync(out, 'utf8')) as CaseManifest;
    expect(subset.series[0]?.instances.map((i) => i.file)).toEqual(
      ['3', '4', '5', '6'].map((n) => `../../ct/${n}.dcm`),
    );
    expect(subset.series[1]?.instances.map((i) => i.file)).toEqual(['../../dx/0.dcm']);
  });
});
