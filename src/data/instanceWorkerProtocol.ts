/**
 * Messages between the page and the instance worker (src/data/instanceWorker.ts). Plain, structured-clone
 * friendly records; no DOM, no Cornerstone.
 */
import type { DecodedPixels } from './instancePixels.ts';

/** Asks the worker to fetch and read one Part-10 file. */
export interface InstanceRequest {
  readonly id: number;
  readonly url: string;
}

/** Milliseconds the worker spent on a file: fetching, then parsing and decoding. */
interface WorkerTimes {
  readonly fetchMs: number;
  readonly readMs: number;
}

/**
 * A file read and decoded by the worker: its attributes as a naturalized record (DICOM keywords, the form
 * @cornerstonejs/metadata keeps; see readAttributes.ts) and the decoded pixels.
 */
export interface InstanceDecoded extends WorkerTimes {
  readonly id: number;
  readonly ok: true;
  readonly kind: 'decoded';
  readonly naturalized: Record<string, unknown>;
  readonly decoded: DecodedPixels;
}

/** A file the worker fetched but leaves to the DICOM image loader (compressed, colour…): its bytes and why. */
export interface InstanceDeclined extends WorkerTimes {
  readonly id: number;
  readonly ok: true;
  readonly kind: 'declined';
  readonly reason: string;
  readonly file: ArrayBuffer;
}

/** A file the worker could not read, with a sentence saying why. */
export interface InstanceFailed {
  readonly id: number;
  readonly ok: false;
  readonly message: string;
}

export type InstanceLoaded = InstanceDecoded | InstanceDeclined;
export type InstanceResponse = InstanceLoaded | InstanceFailed;
