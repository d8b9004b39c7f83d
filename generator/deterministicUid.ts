// Deterministic DICOM UIDs: 2.25.<decimal of a 128-bit hash of a stable name>, so UIDs survive anatomy tweaks.
// Depends only on node:crypto.
import { createHash } from 'node:crypto';

/**
 * A UID under the 2.25 root (ISO/IEC 9834-8 UUID-derived), from a stable name.
 * @param name - e.g. `casebook/tumoral-calcinosis-pubis/ct-axial/17`
 */
export function deterministicUid(name: string): string {
  const digest = createHash('sha256').update(name).digest();
  const hex = digest.subarray(0, 16).toString('hex');
  // Force the UUID version/variant bits so the value is a valid version-5-style UUID.
  const bytes = Buffer.from(hex, 'hex');
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${bytes.toString('hex')}`).toString(10)}`;
}
