/**
 * The viewer's keyboard shortcuts and mouse gestures, bound to ViewerActions. Listed by the help overlay.
 */
import { ctWindowPresets } from '../model/windowPresets.ts';
import type { Shortcut } from './ShortcutRegistry.ts';
import type { ViewerActions } from './ViewerActions.ts';

/** Big step of Page Up / Page Down, in images. */
export const pageStep = 10;

/**
 * Builds the default shortcuts.
 * @param actions - the commands they run
 * @param toggleHelp - shows or hides the help overlay
 * @param closeOverlays - closes the help (Escape)
 */
export function defaultShortcuts(
  actions: ViewerActions,
  toggleHelp: () => void,
  closeOverlays: () => void,
): Shortcut[] {
  const presetShortcuts: Shortcut[] = ctWindowPresets.map((preset) => ({
    keys: [preset.key],
    description: `CT ${preset.label.toLowerCase()} window W ${preset.voi.windowWidth} / L ${preset.voi.windowCenter} (${preset.why})`,
    group: 'Window',
    match: [preset.key],
    run: () => actions.applyPreset(preset.key),
  }));
  return [
    { keys: ['Wheel'], description: 'Next / previous image', group: 'Mouse', match: [] },
    { keys: ['Left drag'], description: 'Active tool (window/level by default)', group: 'Mouse', match: [] },
    { keys: ['Right drag'], description: 'Zoom', group: 'Mouse', match: [] },
    { keys: ['Middle drag'], description: 'Pan', group: 'Mouse', match: [] },
    {
      keys: ['Drag a series'],
      description: 'Show it in the viewport you drop it on',
      group: 'Mouse',
      match: [],
    },
    {
      keys: ['↑', '←'],
      description: 'Previous image',
      group: 'Navigation',
      match: ['ArrowUp', 'ArrowLeft'],
      run: () => actions.scrollBy(-1),
    },
    {
      keys: ['↓', '→'],
      description: 'Next image',
      group: 'Navigation',
      match: ['ArrowDown', 'ArrowRight'],
      run: () => actions.scrollBy(1),
    },
    {
      keys: ['Page Up'],
      description: `Back ${pageStep} images`,
      group: 'Navigation',
      match: ['PageUp'],
      run: () => actions.scrollBy(-pageStep),
    },
    {
      keys: ['Page Down'],
      description: `Forward ${pageStep} images`,
      group: 'Navigation',
      match: ['PageDown'],
      run: () => actions.scrollBy(pageStep),
    },
    {
      keys: ['Home'],
      description: 'First image',
      group: 'Navigation',
      match: ['Home'],
      run: () => actions.goTo(0),
    },
    {
      keys: ['End'],
      description: 'Last image',
      group: 'Navigation',
      match: ['End'],
      run: () => actions.goToEnd(),
    },
    {
      keys: ['Space'],
      description: 'Cine play / pause',
      group: 'Navigation',
      match: [' '],
      run: () => actions.toggleCine(),
    },
    {
      keys: ['+', '-'],
      description: 'Cine faster / slower (frames per second)',
      group: 'Navigation',
      match: ['+', '=', '-'],
      run: (event) => actions.changeFps(event.key === '-' ? -5 : 5),
    },
    ...presetShortcuts,
    {
      keys: ['0'],
      description: 'Default window (the DICOM file window on CT and radiographs; automatic on MR)',
      group: 'Window',
      match: ['0'],
      run: () => actions.applyPreset('0'),
    },
    {
      keys: ['I'],
      description: 'Invert grey levels',
      group: 'Window',
      match: ['i', 'I'],
      run: () => actions.toggleInvert(),
    },
    {
      keys: ['F'],
      description: 'Fit image to viewport',
      group: 'View',
      match: ['f', 'F'],
      run: () => actions.fit(),
    },
    {
      keys: ['R'],
      description: 'Reset view (fit, default window, no invert)',
      group: 'View',
      match: ['r', 'R'],
      run: () => actions.reset(),
    },
    {
      keys: ['W'],
      description: 'Tool: window / level',
      group: 'Tools',
      match: ['w', 'W'],
      run: () => actions.setTool('WindowLevel'),
    },
    {
      keys: ['P'],
      description: 'Tool: pan',
      group: 'Tools',
      match: ['p', 'P'],
      run: () => actions.setTool('Pan'),
    },
    {
      keys: ['Z'],
      description: 'Tool: zoom',
      group: 'Tools',
      match: ['z', 'Z'],
      run: () => actions.setTool('Zoom'),
    },
    {
      keys: ['H'],
      description: 'Tool: HU probe (pixel value)',
      group: 'Tools',
      match: ['h', 'H'],
      run: () => actions.setTool('Probe'),
    },
    {
      keys: ['L'],
      description: 'Tool: length',
      group: 'Tools',
      match: ['l', 'L'],
      run: () => actions.setTool('Length'),
    },
    {
      keys: ['E'],
      description: 'Tool: elliptical ROI (mean, SD, min, max, area)',
      group: 'Tools',
      match: ['e', 'E'],
      run: () => actions.setTool('EllipticalROI'),
    },
    {
      keys: ['Delete'],
      description: 'Remove the last measurement',
      group: 'Tools',
      match: ['Delete', 'Backspace'],
      run: () => actions.removeLastMeasurement(),
    },
    {
      keys: ['G'],
      description: 'Next layout (1×1, 1×2, 2×2)',
      group: 'Layout',
      match: ['g', 'G'],
      run: () => actions.cycleLayout(),
    },
    {
      keys: ['V'],
      description: 'Next viewport becomes active',
      group: 'Layout',
      match: ['v', 'V'],
      run: () => actions.cycleActiveViewport(),
    },
    {
      keys: ['[', ']'],
      description: 'Previous / next series in the active viewport',
      group: 'Layout',
      match: ['[', ']'],
      run: (event) => actions.stepSeries(event.key === '[' ? -1 : 1),
    },
    {
      keys: ['?'],
      description: 'Show / hide this help',
      group: 'Help',
      match: ['?'],
      run: () => toggleHelp(),
    },
    {
      keys: ['Esc'],
      description: 'Close the help',
      group: 'Help',
      match: ['Escape'],
      run: () => closeOverlays(),
    },
  ];
}
