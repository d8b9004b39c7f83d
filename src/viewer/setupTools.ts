/**
 * Starts Cornerstone tools and registers the reading tools, binding them to mouse buttons: the chosen primary
 * tool on the left button, zoom on the right, pan on the middle. The wheel is handled by the UI (stack
 * scrolling through the ViewState), so no Cornerstone tool listens to it. The viewer imports this module
 * (and with it @cornerstonejs/tools) only after the first image is on screen.
 */
import {
  addTool,
  EllipticalROITool,
  init as initTools,
  LengthTool,
  PanTool,
  Enums as ToolEnums,
  ToolGroupManager,
  type Types as ToolTypes,
  store as toolsStore,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import type { PrimaryTool } from '../model/ViewerController.ts';
import { CasebookProbeTool } from './CasebookProbeTool.ts';

/** Id of the one tool group every viewport joins. */
export const toolGroupId = 'casebook-tools';

/** Cornerstone tool names of the tools whose annotations are the learner's measurements. */
export const measurementToolNames: Readonly<Record<string, 'probe' | 'length' | 'ellipse'>> = {
  [CasebookProbeTool.toolName]: 'probe',
  [LengthTool.toolName]: 'length',
  [EllipticalROITool.toolName]: 'ellipse',
};

const cornerstoneToolName: Readonly<Record<PrimaryTool, string>> = {
  WindowLevel: WindowLevelTool.toolName,
  Pan: PanTool.toolName,
  Zoom: ZoomTool.toolName,
  Probe: CasebookProbeTool.toolName,
  Length: LengthTool.toolName,
  EllipticalROI: EllipticalROITool.toolName,
};

const { MouseBindings } = ToolEnums;

let registered = false;

/**
 * Starts the tools library and creates (once) the tool group with the default bindings; returns it.
 */
export function setupTools(): ToolTypes.IToolGroup {
  initTools();
  const existing = ToolGroupManager.getToolGroup(toolGroupId);
  if (existing) return existing;
  if (!registered) {
    for (const tool of [WindowLevelTool, PanTool, ZoomTool, CasebookProbeTool, LengthTool, EllipticalROITool])
      addTool(tool);
    registered = true;
  }
  const group = ToolGroupManager.createToolGroup(toolGroupId);
  if (!group) throw new Error('Could not create the Cornerstone tool group.');
  for (const name of Object.values(cornerstoneToolName)) group.addTool(name);
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  // Measurement tools stay passive when not on the left button, so existing measurements can be moved.
  for (const tool of [CasebookProbeTool, LengthTool, EllipticalROITool]) group.setToolPassive(tool.toolName);
  group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
  return group;
}

/**
 * Puts `tool` on the left mouse button, taking the left button off the previous tool only.
 * @param group - the tool group from {@link setupTools}
 * @param previous - the tool that held the left button
 * @param tool - the tool that gets it
 */
export function bindPrimaryTool(group: ToolTypes.IToolGroup, previous: PrimaryTool, tool: PrimaryTool): void {
  if (previous === tool) return;
  // setToolPassive removes only the primary binding: zoom keeps the right button, pan the middle one.
  group.setToolPassive(cornerstoneToolName[previous]);
  group.setToolActive(cornerstoneToolName[tool], { bindings: [{ mouseButton: MouseBindings.Primary }] });
}

/**
 * Gives the tools library an element Cornerstone enabled before the library started (it only hears of
 * elements enabled later): its SVG layer and mouse listeners.
 */
export function adoptEnabledElement(
  element: HTMLDivElement,
  viewportId: string,
  renderingEngineId: string,
): void {
  if (toolsStore.state.enabledElements.includes(element)) return;
  toolsStore.addEnabledElement(
    new CustomEvent('casebook:adopt', { detail: { element, viewportId, renderingEngineId } }) as never,
  );
}
