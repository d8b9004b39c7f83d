/**
 * Turns the case's teaching annotations (our model, the source of truth) into what Cornerstone draws: one
 * locked Cornerstone annotation per finding, whose visibility and highlight are rebuilt from the ViewState
 * store (visibleCategories, highlightedFinding), drawn by TeachingOverlayTool on the images each finding
 * belongs to. Reports clicks on a drawn finding. Nothing flows back from Cornerstone into the model. An
 * unknown case draws nothing until its findings are revealed (decided when the stage changes).
 */
import { imageLoader, metaData, type StackViewport } from '@cornerstonejs/core';
import {
  addTool,
  annotation as annotationApi,
  ToolGroupManager,
  type Types as ToolTypes,
  utilities as toolUtilities,
} from '@cornerstonejs/tools';
import type { CaseImageIds } from '../data/imageIds.ts';
import type { Store } from '../lib/Store.ts';
import { type CanvasPoint, canvasPoint } from '../model/geometry.ts';
import { isRevealed } from '../model/RevealStage.ts';
import type { ViewState } from '../model/ViewState.ts';
import { type AnnotationIndex, annotationsForImage } from '../teaching/AnnotationIndex.ts';
import { hitTestOverlay, type OverlayItemLayout } from '../teaching/layoutOverlay.ts';
import type { CornerstoneViewer } from './CornerstoneViewer.ts';
import { canvasPointFrom, point3Of } from './cornerstonePoints.ts';
import { imagePointToWorld } from './pixelValueAt.ts';
import { type RenderedViewport, type SceneItem, TeachingOverlayTool } from './TeachingOverlayTool.ts';

/** What the adapter needs. */
export interface TeachingOverlayAdapterOptions {
  readonly viewer: CornerstoneViewer;
  readonly store: Store<ViewState>;
  readonly index: AnnotationIndex;
  readonly imageIds: CaseImageIds;
  /** Called when the learner clicks a drawn finding (its shape or its label). */
  onFindingClick(findingId: string): void;
}

/** The label scale lecture mode asks for (labels of 24 px or more). */
export { lectureLabelScale } from '../teaching/layoutOverlay.ts';

/** The Cornerstone annotation UID of a finding. */
export const teachingAnnotationUID = (findingId: string): string => `casebook-teaching-${findingId}`;

/** A click is a press and release this close together (CSS px); farther is a drag for the active tool. */
const clickSlopPx = 4;

let toolRegistered = false;

/** Draws the teaching layer into the viewer's viewports and keeps it in step with the store. */
export class TeachingOverlayAdapter {
  private readonly tool: TeachingOverlayTool;
  private readonly colourOf: ReadonlyMap<string, string>;
  /** What was last drawn on each viewport element: for hit tests. */
  private readonly drawn = new WeakMap<HTMLDivElement, readonly OverlayItemLayout[]>();
  private readonly watched = new WeakSet<HTMLDivElement>();
  private readonly uids: string[] = [];
  private readonly offs: Array<() => void> = [];

  constructor(private readonly options: TeachingOverlayAdapterOptions) {
    const { viewer, store, index } = options;
    this.colourOf = new Map(index.file.categories.map((c) => [c.id, c.colour]));
    if (!toolRegistered) {
      addTool(TeachingOverlayTool);
      toolRegistered = true;
    }
    const group = ToolGroupManager.getToolGroup(viewer.cornerstoneToolGroupId);
    if (!group) throw new Error('The viewer has no Cornerstone tool group.');
    if (!group.hasTool(TeachingOverlayTool.toolName)) group.addTool(TeachingOverlayTool.toolName);
    // Enabled: drawn on every viewport of the group, never bound to a mouse button.
    group.setToolEnabled(TeachingOverlayTool.toolName);
    this.tool = group.getToolInstance(TeachingOverlayTool.toolName) as TeachingOverlayTool;
    this.tool.source = (viewport) => this.sceneFor(viewport);
    this.tool.onDrawn = (viewport, _items, layouts) => this.noteDrawn(viewport, layouts);
    this.rebuild();
    this.sync(store.get());
    this.offs.push(
      store.subscribe((next, previous) => {
        if (
          next.visibleCategories !== previous.visibleCategories ||
          next.highlightedFinding !== previous.highlightedFinding ||
          next.reveal !== previous.reveal
        ) {
          this.sync(next);
        }
      }),
      viewer.events.on('display', (display) => this.watch(display.viewportIndex)),
    );
    for (let i = 0; i < store.get().viewports.length; i++) this.watch(i);
  }

  /**
   * PixelSpacing [row, column] in mm that Cornerstone uses for an image, which is what ViewState pans are
   * measured in: on projection radiographs ImagerPixelSpacing divided by the estimated magnification
   * (DistanceSourceToDetector / DistanceSourceToPatient), so it can differ from the manifest. Loads the
   * image through Cornerstone's cache when its header is not known yet.
   * @param seriesKey - the series
   * @param imageIndex - the image
   * @returns the spacing, or null when the image has none or cannot be loaded
   */
  async imageSpacingMm(seriesKey: string, imageIndex: number): Promise<readonly [number, number] | null> {
    const imageId = this.options.imageIds.bySeries.get(seriesKey)?.[imageIndex];
    if (!imageId) return null;
    const read = (): readonly [number, number] | null => {
      const plane = metaData.get('imagePlaneModule', imageId) as
        | { rowPixelSpacing?: number | null; columnPixelSpacing?: number | null }
        | undefined;
      const row = plane?.rowPixelSpacing;
      const column = plane?.columnPixelSpacing;
      return row && column ? [row, column] : null;
    };
    const known = read();
    if (known) return known;
    try {
      await imageLoader.loadAndCacheImage(imageId);
    } catch {
      return null;
    }
    return read();
  }

  /**
   * Scales the labels drawn on the images (lecture mode: read from the back of a room) and redraws; the
   * layout keeps labels apart at any size.
   * @param scale - 1 = normal
   */
  setLabelScale(scale: number): void {
    if (this.tool.labelScale === scale) return;
    this.tool.labelScale = scale;
    this.renderAll();
  }

  /** Removes the overlay: its Cornerstone annotations and listeners. */
  dispose(): void {
    for (const off of this.offs) off();
    for (const uid of this.uids) annotationApi.state.removeAnnotation(uid);
    this.tool.source = null;
    this.tool.onDrawn = null;
    this.renderAll();
  }

  /**
   * (Re)creates one Cornerstone annotation per placed finding from the model: locked (read-only), with the
   * finding's patient-space handles where it has them, grouped by its frame of reference (projection images
   * have none, so they are grouped by series).
   */
  private rebuild(): void {
    for (const uid of this.uids.splice(0)) annotationApi.state.removeAnnotation(uid);
    const { index, imageIds } = this.options;
    for (const annotation of index.file.annotations) {
      const placement = index.placements.get(annotation.id);
      if (!placement) continue;
      const uid = teachingAnnotationUID(annotation.id);
      const referencedImageId = imageIds.bySeries.get(placement.series.key)?.[placement.imageIndex];
      const FrameOfReferenceUID =
        annotation.space === 'patient'
          ? annotation.image.FrameOfReferenceUID
          : `casebook-projection-${placement.series.key}`;
      const record: ToolTypes.Annotation = {
        annotationUID: uid,
        highlighted: false,
        isLocked: true,
        isVisible: true,
        invalidated: false,
        metadata: {
          toolName: TeachingOverlayTool.toolName,
          FrameOfReferenceUID,
          ...(referencedImageId ? { referencedImageId } : {}),
        },
        data: {
          label: annotation.label,
          handles: {
            points: annotation.space === 'patient' ? annotation.points.map(point3Of) : [],
          },
          findingId: annotation.id,
          category: annotation.category,
        },
      };
      annotationApi.state.addAnnotation(record, FrameOfReferenceUID);
      annotationApi.locking.setAnnotationLocked(uid, true);
      this.uids.push(uid);
    }
  }

  /** Visibility and highlight of every finding from the view state, then a redraw. */
  private sync(state: ViewState): void {
    // Until an unknown case's findings are revealed nothing is drawn, whatever categories are on.
    const visible = new Set(isRevealed(state.reveal, 'findings') ? state.visibleCategories : []);
    for (const annotation of this.options.index.file.annotations) {
      const uid = teachingAnnotationUID(annotation.id);
      const record = annotationApi.state.getAnnotation(uid);
      if (!record) continue;
      const show = visible.has(annotation.category);
      if (record.isVisible !== show) annotationApi.visibility.setAnnotationVisibility(uid, show);
      record.highlighted = annotation.id === state.highlightedFinding;
    }
    this.renderAll();
  }

  private renderAll(): void {
    const ids: string[] = [];
    for (let i = 0; i < this.options.store.get().viewports.length; i++) {
      const viewport = this.options.viewer.getStackViewport(i);
      if (viewport) ids.push(viewport.id);
    }
    if (ids.length > 0) toolUtilities.triggerAnnotationRenderForViewportIds(ids);
  }

  /** The findings to draw on the image a viewport shows now. */
  private sceneFor(viewport: RenderedViewport): readonly SceneItem[] {
    const stack = viewport as StackViewport;
    const imageId = stack.getCurrentImageId?.();
    const source = imageId ? this.options.imageIds.source.get(imageId) : undefined;
    if (!source || !stack.getImageData()) return [];
    const items: SceneItem[] = [];
    for (const entry of annotationsForImage(this.options.index, source.seriesKey, source.imageIndex)) {
      const { annotation } = entry;
      const annotationUID = teachingAnnotationUID(annotation.id);
      const record = annotationApi.state.getAnnotation(annotationUID);
      if (!record || record.isVisible === false) continue;
      const points: CanvasPoint[] = [];
      for (const point of entry.imagePoints) {
        const world = imagePointToWorld(stack, point);
        if (!world) return [];
        points.push(canvasPointFrom(stack.worldToCanvas(world)));
      }
      items.push({
        id: annotation.id,
        annotationUID,
        kind: annotation.kind,
        points,
        ...(annotation.kind === 'polyline' ? { closed: annotation.closed } : {}),
        label: annotation.kind === 'text' ? annotation.text : annotation.label,
        highlighted: record.highlighted === true,
        category: annotation.category,
        colour: this.colourOf.get(annotation.category) ?? '#ffffff',
        isHome: entry.isHome,
      });
    }
    return items;
  }

  /** Remembers what was drawn and states it on the element (ids in drawing order) for tests and tools. */
  private noteDrawn(viewport: RenderedViewport, layouts: readonly OverlayItemLayout[]): void {
    const element = viewport.element;
    this.drawn.set(element, layouts);
    const ids = layouts.map((l) => l.id).join(' ');
    if (element.dataset.findingsDrawn !== ids) element.dataset.findingsDrawn = ids;
  }

  /** Listens for clicks (and hover) on a viewport element, once per element. */
  private watch(viewportIndex: number): void {
    const element = this.options.viewer.getStackViewport(viewportIndex)?.element;
    if (!element || this.watched.has(element)) return;
    this.watched.add(element);
    let down: { x: number; y: number; id: number } | null = null;
    const at = (event: PointerEvent): CanvasPoint => {
      const rect = element.getBoundingClientRect();
      return canvasPoint(event.clientX - rect.left, event.clientY - rect.top);
    };
    const hit = (event: PointerEvent) => hitTestOverlay(this.drawn.get(element) ?? [], at(event));
    const onDown = (event: PointerEvent) => {
      down = event.button === 0 ? { x: event.clientX, y: event.clientY, id: event.pointerId } : null;
    };
    const onUp = (event: PointerEvent) => {
      const start = down;
      down = null;
      if (!start || start.id !== event.pointerId) return;
      if (Math.hypot(event.clientX - start.x, event.clientY - start.y) > clickSlopPx) return;
      const id = hit(event);
      if (id) this.options.onFindingClick(id);
    };
    const onMove = (event: PointerEvent) => {
      if (event.buttons !== 0) return;
      const id = hit(event);
      if (id) element.dataset.findingHover = id;
      else delete element.dataset.findingHover;
    };
    element.addEventListener('pointerdown', onDown);
    element.addEventListener('pointerup', onUp);
    element.addEventListener('pointermove', onMove);
    this.offs.push(() => {
      element.removeEventListener('pointerdown', onDown);
      element.removeEventListener('pointerup', onUp);
      element.removeEventListener('pointermove', onMove);
    });
  }
}
