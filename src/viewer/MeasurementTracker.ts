/**
 * Follows the annotations the learner draws with the probe, length and ellipse tools and turns them into
 * plain Measurement records (src/model). Annotations added by code (teaching overlays) are not tracked:
 * only those a user completed with the mouse.
 */
import { eventTarget } from '@cornerstonejs/core';
import {
  annotation as annotationApi,
  Enums as ToolEnums,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import type { Measurement } from '../model/Measurement.ts';
import { measurementToolNames } from './setupTools.ts';

/** Where an image id came from: series key, index and modality (from the manifest). */
export type ImageSourceLookup = (
  imageId: string,
) => { readonly seriesKey: string; readonly imageIndex: number; readonly Modality: string } | undefined;

interface AnnotationEventDetail {
  readonly annotation?: ToolTypes.Annotation;
  readonly annotationUID?: string;
}

const firstNumber = (value: unknown): number | null => {
  const n = Array.isArray(value) ? value[0] : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};

/**
 * Reads a Cornerstone measurement annotation into a Measurement, or null while its statistics are not
 * computed yet.
 */
export function measurementFromAnnotation(
  annotation: ToolTypes.Annotation,
  lookup: ImageSourceLookup,
): Measurement | null {
  const kind = measurementToolNames[annotation.metadata?.toolName ?? ''];
  const id = annotation.annotationUID;
  const imageId = annotation.metadata?.referencedImageId;
  if (!kind || !id || !imageId) return null;
  const source = lookup(imageId);
  if (!source) return null;
  const statsByTarget = (annotation.data.cachedStats ?? {}) as Record<string, Record<string, unknown>>;
  const stats = Object.values(statsByTarget)[0];
  if (!stats) return null;
  const unit = source.Modality === 'CT' ? 'HU' : '';
  const base = { id, seriesKey: source.seriesKey, imageIndex: source.imageIndex, valueUnit: unit };
  switch (kind) {
    case 'probe': {
      const value = firstNumber(stats.value);
      return value === null ? null : { ...base, kind, value };
    }
    case 'length': {
      const lengthMm = firstNumber(stats.length);
      return lengthMm === null ? null : { ...base, kind, lengthMm };
    }
    case 'ellipse': {
      const mean = firstNumber(stats.mean);
      const stdDev = firstNumber(stats.stdDev);
      const min = firstNumber(stats.min);
      const max = firstNumber(stats.max);
      const areaMm2 = firstNumber(stats.area);
      if (mean === null || stdDev === null || min === null || max === null || areaMm2 === null) return null;
      return { ...base, kind, mean, stdDev, min, max, areaMm2 };
    }
  }
}

/** Keeps the list of the learner's measurements and reports changes once per animation frame. */
export class MeasurementTracker {
  private readonly tracked = new Map<string, Measurement | null>();
  private frame = 0;
  private readonly offs: Array<() => void> = [];

  constructor(
    private readonly lookup: ImageSourceLookup,
    private readonly onChange: (measurements: readonly Measurement[]) => void,
  ) {
    const { Events } = ToolEnums;
    this.listen(Events.ANNOTATION_COMPLETED, (detail) => {
      const a = detail.annotation;
      if (!a?.annotationUID || !measurementToolNames[a.metadata?.toolName ?? '']) return;
      this.tracked.set(a.annotationUID, measurementFromAnnotation(a, lookup));
      this.schedule();
    });
    this.listen(Events.ANNOTATION_MODIFIED, (detail) => {
      const a = detail.annotation;
      if (!a?.annotationUID || !this.tracked.has(a.annotationUID)) return;
      this.tracked.set(a.annotationUID, measurementFromAnnotation(a, lookup));
      this.schedule();
    });
    this.listen(Events.ANNOTATION_REMOVED, (detail) => {
      const uid = detail.annotation?.annotationUID ?? detail.annotationUID;
      if (uid && this.tracked.delete(uid)) this.schedule();
    });
  }

  /** Measurements with computed values, oldest first. */
  list(): Measurement[] {
    const out: Measurement[] = [];
    for (const [id, m] of this.tracked) {
      const current = m ?? this.reread(id);
      if (current) out.push(current);
    }
    return out;
  }

  /** Deletes one measurement's annotation. */
  remove(id: string): void {
    if (!this.tracked.has(id)) return;
    annotationApi.state.removeAnnotation(id);
    this.tracked.delete(id);
    this.schedule();
  }

  /** Deletes every measurement. */
  clear(): void {
    for (const id of [...this.tracked.keys()]) annotationApi.state.removeAnnotation(id);
    this.tracked.clear();
    this.schedule();
  }

  dispose(): void {
    for (const off of this.offs) off();
    cancelAnimationFrame(this.frame);
  }

  private reread(id: string): Measurement | null {
    const a = annotationApi.state.getAnnotation(id);
    const m = a ? measurementFromAnnotation(a, this.lookup) : null;
    if (m) this.tracked.set(id, m);
    return m;
  }

  private listen(name: string, handler: (detail: AnnotationEventDetail) => void): void {
    const listener = (event: Event) => handler((event as CustomEvent<AnnotationEventDetail>).detail ?? {});
    eventTarget.addEventListener(name, listener);
    this.offs.push(() => eventTarget.removeEventListener(name, listener));
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.onChange(this.list());
    });
  }
}
