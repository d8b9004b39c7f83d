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

/**
 * A file read by the worker: its attributes as a naturalized dataset (DICOM keywords, the form
 * @cornerstonejs/metadata keeps), and either the decoded pixels (then PixelData is left out of the dataset)
 * or why they were not decoded here (then PixelData stays in the dataset for another decoder).
 */
export interface InstanceLoaded {
  readonly id: number;
  readonly ok: true;
  readonly naturalized: Record<string, unknown>;
  readonly decoded: DecodedPixels | null;
  readonly declined: string | null;
  /** Milliseconds the worker spent: fetching, then parsing and decoding. */
  readonly fetchMs: number;
  readonly readMs: number;
}

/** A file the worker could not read, with a sentence saying why. */
export interface InstanceFailed {
  readonly id: number;
  readonly ok: false;
  readonly message: string;
}

export type InstanceResponse = InstanceLoaded | InstanceFailed;
