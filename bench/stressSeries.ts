/**
 * Makes a larger synthetic stress case for the benchmark: the sample CT stretched to N slices by reusing its
 * files (there and back, so neighbouring slices stay alike) with new UIDs, instance numbers and positions,
 * rewritten with dcmjs. Output is a case folder with its own manifest (CT only). Node only.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import dcmjs from 'dcmjs';
import type { CaseManifest, ManifestInstance, ManifestSeries } from '../src/model/CaseManifest.ts';
import { worldPoint } from '../src/model/geometry.ts';

interface DicomElement {
  vr: string;
  Value: unknown[];
}
interface DicomDictLike {
  meta: Record<string, DicomElement>;
  dict: Record<string, DicomElement>;
  write(): ArrayBuffer;
}
const { DicomMessage } = dcmjs.data as unknown as {
  DicomMessage: { readFile(buffer: ArrayBuffer): DicomDictLike };
};

/** A deterministic UID under the 2.25 (UUID-derived) root. */
export function stressUid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex').slice(0, 30);
  return `2.25.${BigInt(`0x${hex}`).toString()}`;
}

/** Source slice for stress slice k of a source with n slices: 0..n-1, n-1..0, 0..n-1, … */
export function sourceIndex(k: number, n: number): number {
  if (n <= 1) return 0;
  const period = 2 * n;
  const m = k % period;
  return m < n ? m : period - 1 - m;
}

/**
 * Writes (or reuses) a stress case of `slices` CT slices in `outDir` and returns its manifest path.
 * @param manifestPath - the sample case's manifest.json
 * @param seriesKey - series to stretch (the CT)
 * @param slices - number of slices wanted
 * @param outDir - output folder (replaced when its manifest does not match)
 */
export function writeStressCase(
  manifestPath: string,
  seriesKey: string,
  slices: number,
  outDir: string,
): string {
  const outManifest = join(outDir, 'manifest.json');
  if (existsSync(outManifest)) {
    const existing = JSON.parse(readFileSync(outManifest, 'utf8')) as CaseManifest;
    if (existing.series[0]?.instances.length === slices) return outManifest;
  }
  rmSync(outDir, { recursive: true, force: true });
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CaseManifest;
  const series = manifest.series.find((s) => s.key === seriesKey);
  if (!series || series.instances.length < 2)
    throw new Error(`stress: series ${seriesKey} has too few slices`);
  const first = series.instances[0]?.ImagePositionPatient;
  const second = series.instances[1]?.ImagePositionPatient;
  if (!first || !second) throw new Error('stress: the series has no ImagePositionPatient');
  const step = [second[0] - first[0], second[1] - first[1], second[2] - first[2]] as const;
  const SeriesInstanceUID = stressUid(`${series.SeriesInstanceUID}/stress/${slices}`);
  const sourceDir = dirname(manifestPath);
  const instances: ManifestInstance[] = [];
  for (let k = 0; k < slices; k++) {
    const source = series.instances[sourceIndex(k, series.instances.length)] as ManifestInstance;
    const bytes = readFileSync(join(sourceDir, source.file));
    const dataset = DicomMessage.readFile(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    const SOPInstanceUID = stressUid(`${SeriesInstanceUID}/${k}`);
    const position = worldPoint(first[0] + k * step[0], first[1] + k * step[1], first[2] + k * step[2]);
    const set = (tag: string, vr: string, value: unknown) => {
      dataset.dict[tag] = { vr, Value: [value].flat() };
    };
    set('00080018', 'UI', SOPInstanceUID);
    set('0020000E', 'UI', SeriesInstanceUID);
    set('00200013', 'IS', k + 1);
    set(
      '00200032',
      'DS',
      position.map((v) => Number(v.toFixed(4))),
    );
    set('00201041', 'DS', Number(position[2].toFixed(4)));
    dataset.meta['00020003'] = { vr: 'UI', Value: [SOPInstanceUID] };
    const file = `ct/stress-${String(k + 1).padStart(4, '0')}.dcm`;
    mkdirSync(join(outDir, 'ct'), { recursive: true });
    writeFileSync(join(outDir, file), Buffer.from(dataset.write()));
    instances.push({ file, SOPInstanceUID, InstanceNumber: k + 1, ImagePositionPatient: position });
  }
  const stressSeries: ManifestSeries = {
    ...series,
    SeriesInstanceUID,
    SeriesDescription: `${series.SeriesDescription} (stress ${slices})`,
    instances,
  };
  const out: CaseManifest = {
    ...manifest,
    caseId: `${manifest.caseId}-stress-${slices}`,
    series: [stressSeries],
  };
  writeFileSync(outManifest, `${JSON.stringify(out, null, 1)}\n`);
  return outManifest;
}
