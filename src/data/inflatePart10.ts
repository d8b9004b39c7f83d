/**
 * Deflated Explicit VR Little Endian files (1.2.840.10008.1.2.1.99) made plain: the data set after the
 * meta group is raw-deflated; the image loader (dcmjs) does not inflate it. This rewrites such a file as
 * Explicit VR Little Endian: the meta group with its transfer syntax and group length changed, then the
 * inflated data set (fflate). Any other file comes back as it is. Pure; no DOM.
 */
import { inflateSync } from 'fflate';

const deflated = '1.2.840.10008.1.2.1.99';
const explicitLittle = '1.2.840.10008.1.2.1';

/** VRs whose length field is 32 bits (after two reserved bytes) in explicit VR. */
const longVrs = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/** One element of the meta group: where it starts and ends, its tag and value. */
interface MetaElement {
  readonly start: number;
  readonly end: number;
  readonly element: number;
  readonly vr: string;
  readonly value: Uint8Array;
}

function readMeta(bytes: Uint8Array): MetaElement[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: MetaElement[] = [];
  let at = 132;
  while (at + 8 <= bytes.length && view.getUint16(at, true) === 0x0002) {
    const element = view.getUint16(at + 2, true);
    const vr = String.fromCharCode(bytes[at + 4] ?? 0, bytes[at + 5] ?? 0);
    const long = longVrs.has(vr);
    const length = long ? view.getUint32(at + 8, true) : view.getUint16(at + 6, true);
    const valueAt = at + (long ? 12 : 8);
    if (valueAt + length > bytes.length) return null;
    out.push({
      start: at,
      end: valueAt + length,
      element,
      vr,
      value: bytes.subarray(valueAt, valueAt + length),
    });
    at = valueAt + length;
  }
  return out;
}

/**
 * The file as Explicit VR Little Endian when it is deflated, else the same bytes.
 * @param file - a Part-10 file
 * @throws Error in plain words when the deflated data set cannot be inflated
 */
export function inflatePart10(file: ArrayBuffer): ArrayBuffer {
  const bytes = new Uint8Array(file);
  if (bytes.length < 144 || String.fromCharCode(...bytes.subarray(128, 132)) !== 'DICM') return file;
  const meta = readMeta(bytes);
  const syntax = meta?.find((e) => e.element === 0x0010);
  const text = syntax ? new TextDecoder().decode(syntax.value).replace(/[\0 ]+$/, '') : '';
  if (!meta || text !== deflated) return file;
  const end = meta[meta.length - 1]?.end ?? 132;
  let dataSet: Uint8Array;
  try {
    dataSet = inflateSync(bytes.subarray(end));
  } catch (error) {
    throw new Error(
      `the deflated data set cannot be inflated (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const newSyntax = new TextEncoder().encode(`${explicitLittle}\0`);
  // The meta group again: every element as it was but the transfer syntax, and the group length to match.
  const parts: Uint8Array[] = [];
  let groupLength = 0;
  for (const element of meta) {
    if (element.element === 0x0000) continue;
    const value = element.element === 0x0010 ? newSyntax : element.value;
    const long = longVrs.has(element.vr);
    const head = new Uint8Array(long ? 12 : 8);
    const view = new DataView(head.buffer);
    view.setUint16(0, 0x0002, true);
    view.setUint16(2, element.element, true);
    head[4] = element.vr.charCodeAt(0);
    head[5] = element.vr.charCodeAt(1);
    if (long) view.setUint32(8, value.length, true);
    else view.setUint16(6, value.length, true);
    parts.push(head, value);
    groupLength += head.length + value.length;
  }
  const lengthElement = new Uint8Array(12);
  const lengthView = new DataView(lengthElement.buffer);
  lengthView.setUint16(0, 0x0002, true);
  lengthView.setUint16(2, 0x0000, true);
  lengthElement[4] = 0x55; // U
  lengthElement[5] = 0x4c; // L
  lengthView.setUint16(6, 4, true);
  lengthView.setUint32(8, groupLength, true);
  const out = new Uint8Array(132 + lengthElement.length + groupLength + dataSet.length);
  out.set(bytes.subarray(0, 132), 0);
  let at = 132;
  for (const part of [lengthElement, ...parts, dataSet]) {
    out.set(part, at);
    at += part.length;
  }
  return out.buffer;
}
