/**
 * Cornerstone's probe tool, made to read a value on the CPU rendering path too: there the stack's image data
 * has no voxel manager, so the stock tool records no value. Missing values are read from the image shown.
 */
import type { StackViewport, Types } from '@cornerstonejs/core';
import { annotation as annotationApi, ProbeTool, type Types as ToolTypes } from '@cornerstonejs/tools';
import { pixelValueAt } from './pixelValueAt.ts';

type ProbeStats = Record<
  string,
  { value?: unknown; Modality?: string; modalityUnit?: string; index?: unknown }
>;

/** The HU probe: a point annotation labelled with the pixel value under it. */
export class CasebookProbeTool extends ProbeTool {
  static override toolName = 'CasebookProbe';

  override _calculateCachedStats(
    annotation: ToolTypes.Annotation,
    renderingEngine: Types.IRenderingEngine,
    enabledElement: Types.IEnabledElement,
    changeType?: Parameters<ProbeTool['_calculateCachedStats']>[3],
  ) {
    const result = super._calculateCachedStats(annotation, renderingEngine, enabledElement, changeType);
    const viewport = enabledElement.viewport as StackViewport;
    const stats = annotation.data.cachedStats as ProbeStats | undefined;
    const point = (annotation.data.handles?.points as Types.Point3[] | undefined)?.[0];
    const referenced = annotation.metadata?.referencedImageId;
    if (!stats || !point || !referenced || viewport.getCurrentImageId?.() !== referenced) return result;
    let changed = false;
    for (const targetId of Object.keys(stats)) {
      const entry = stats[targetId];
      if (!entry || typeof entry.value === 'number') continue;
      const value = pixelValueAt(viewport, point);
      if (value === null) continue;
      const modality = entry.Modality ?? viewport.modality;
      stats[targetId] = { ...entry, value, Modality: modality, modalityUnit: modality === 'CT' ? 'HU' : '' };
      changed = true;
    }
    if (changed) annotationApi.state.triggerAnnotationModified(annotation, viewport.element);
    return result;
  }
}
