/**
 * Hostile inputs to the header reader (issue 15): a real file cut at every tenth of its length, random bytes
 * after a DICM prefix, an element that declares a huge length, an empty file. Each ends as a header or as a
 * sentence naming the problem; none throws, none takes long.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHeader } from './readHeader.ts';

const ct = resolve(import.meta.dirname, '../../../sample-dicom/tumoral-calcinosis-pubis/ct/IM0001.dcm');
const pydicomFiles = '/usr/lib/python3/dist-packages/pydicom/data/test_files';

/** A deterministic byte stream (no Math.random in tests). */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i += 1) {
    x = (x * 1_103_515_245 + 12_345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('readHeader on hostile input', () => {
  it('a file cut at every tenth of its length: a header while the header is whole, else a named problem', () => {
    for (const path of [ct, join(pydicomFiles, 'MR_small.dcm'), join(pydicomFiles, 'JPEG2000.dcm')]) {
      const whole = new Uint8Array(readFileSync(path));
      const full = readHeader('whole.dcm', whole);
      expect(full.ok, path).toBe(true);
      for (let tenth = 1; tenth < 10; tenth += 1) {
        const cut = whole.subarray(0, Math.floor((whole.length * tenth) / 10));
        const started = performance.now();
        const reading = readHeader(`cut-${tenth}.dcm`, cut);
        expect(performance.now() - started, `${path} at ${tenth}/10`).toBeLessThan(500);
        if (reading.ok) {
          // The header was whole: the same identity as the full file's.
          expect(reading.header.SOPInstanceUID).toBe(full.ok ? full.header.SOPInstanceUID : '');
        } else {
          expect(reading.name).toBe(`cut-${tenth}.dcm`);
          expect(reading.problem.length).toBeGreaterThan(5);
        }
      }
    }
  });

  it('random bytes after DICM, an empty file and a short one are named problems', () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const bytes = noise(4096, seed);
      bytes.set([0x44, 0x49, 0x43, 0x4d], 128);
      const reading = readHeader(`random-${seed}.dcm`, bytes);
      expect(reading.ok, `seed ${seed}`).toBe(false);
    }
    expect(readHeader('empty.dcm', new Uint8Array(0))).toEqual({
      ok: false,
      name: 'empty.dcm',
      problem: 'not a DICOM file (no DICM prefix)',
    });
    expect(readHeader('short.dcm', noise(100, 3)).ok).toBe(false);
  });

  it('an element declaring a huge length is a named problem, not an allocation', () => {
    const whole = new Uint8Array(readFileSync(ct));
    // The first data set element after the meta group: set its (explicit VR) 16-bit length to 0xFFFF and a
    // 32-bit-length element's to 0xFFFFFFF0, both past the end of the file.
    const bytes = whole.slice(0, 4096);
    const view = new DataView(bytes.buffer);
    // (0008,0005) or the first group-8 element: find "08 00" tag group after the meta (offset 132 + meta length).
    const metaLength = view.getUint32(132 + 8, true);
    const first = 132 + 12 + metaLength;
    expect(view.getUint16(first, true)).toBe(0x0008);
    view.setUint16(first + 6, 0xffff, true);
    const reading = readHeader('huge.dcm', bytes);
    expect(reading.ok ? 'read' : reading.problem).not.toBe('read');
  });
});
