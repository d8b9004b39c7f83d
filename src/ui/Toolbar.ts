/**
 * The toolbar: mouse tool, CT window presets, invert, fit/reset, layout and help. Buttons show their
 * keyboard shortcut in the tooltip and their state (read from the ViewState store) with aria-pressed.
 * Plain DOM.
 */
import type { Store } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import type { PrimaryTool, ViewerController } from '../model/ViewerController.ts';
import { type Layout, layouts, type ViewState } from '../model/ViewState.ts';
import { ctWindowPresets } from '../model/windowPresets.ts';
import { h, setAttr } from './h.ts';
import { StoredWindowSelect } from './StoredWindowSelect.ts';
import type { ViewerActions } from './ViewerActions.ts';

const toolButtons: ReadonlyArray<{ tool: PrimaryTool; label: string; key: string }> = [
  { tool: 'WindowLevel', label: 'W/L', key: 'W' },
  { tool: 'Pan', label: 'Pan', key: 'P' },
  { tool: 'Zoom', label: 'Zoom', key: 'Z' },
  { tool: 'Probe', label: 'HU probe', key: 'H' },
  { tool: 'Length', label: 'Length', key: 'L' },
  { tool: 'EllipticalROI', label: 'Ellipse ROI', key: 'E' },
];

/** The toolbar. */
export class Toolbar {
  private readonly tools = new Map<PrimaryTool, HTMLButtonElement>();
  private readonly presets = new Map<string, HTMLButtonElement>();
  private readonly layoutButtons = new Map<Layout, HTMLButtonElement>();
  private readonly invertButton: HTMLButtonElement;
  private readonly modalityOf: ReadonlyMap<string, string>;

  constructor(
    container: HTMLElement,
    manifest: CaseManifest,
    store: Store<ViewState>,
    viewer: ViewerController,
    actions: ViewerActions,
    toggleHelp: () => void,
  ) {
    this.modalityOf = new Map(manifest.series.map((s) => [s.key, s.Modality]));
    /** A button; `key` is its shortcut, told to assistive technology as the tooltip tells the mouse. */
    const button = (label: string, title: string, onclick: () => void, testid: string, key?: string) =>
      h('button', {
        type: 'button',
        class: 'tool-button',
        title,
        text: label,
        onclick,
        'aria-keyshortcuts': key,
        dataset: { testid },
      });

    for (const { tool, label, key } of toolButtons) {
      const b = button(label, `${label} (${key})`, () => actions.setTool(tool), `tool-${tool}`, key);
      this.tools.set(tool, b);
    }
    for (const preset of ctWindowPresets) {
      const b = button(
        preset.label,
        `CT ${preset.label}: W ${preset.voi.windowWidth} / L ${preset.voi.windowCenter} — ${preset.why} (${preset.key})`,
        () => actions.applyPreset(preset.key),
        `preset-${preset.key}`,
        preset.key,
      );
      this.presets.set(preset.key, b);
    }
    const defaultButton = button(
      'Default',
      'Default window from the file / automatic (0)',
      () => actions.applyPreset('0'),
      'preset-0',
      '0',
    );
    this.presets.set('0', defaultButton);
    this.invertButton = button(
      'Invert',
      'Invert grey levels (I)',
      () => actions.toggleInvert(),
      'invert',
      'I',
    );
    for (const layout of layouts) {
      this.layoutButtons.set(
        layout,
        button(
          layout.replace('x', '×'),
          `Layout ${layout} (G cycles)`,
          () => actions.setLayout(layout),
          `layout-${layout}`,
        ),
      );
    }
    // Its text is a bare "?": the name says what it opens.
    const helpButton = button('?', 'Keyboard shortcuts (?)', toggleHelp, 'help', '?');
    helpButton.setAttribute('aria-label', 'Keyboard shortcuts');
    helpButton.setAttribute('aria-haspopup', 'dialog');
    const group = (label: string, ...children: HTMLElement[]) =>
      h('div', { class: 'tool-group', role: 'group', 'aria-label': label }, ...children);
    container.replaceChildren(
      group('Mouse tool', ...this.tools.values()),
      group(
        'Window',
        ...this.presets.values(),
        new StoredWindowSelect(store, viewer).element,
        this.invertButton,
      ),
      group(
        'View',
        button('Fit', 'Fit image to viewport (F)', () => actions.fit(), 'fit', 'F'),
        button(
          'Reset',
          'Reset view: fit, default window, no invert (R)',
          () => actions.reset(),
          'reset',
          'R',
        ),
      ),
      group('Layout', ...this.layoutButtons.values()),
      group('Help', helpButton),
    );
    store.subscribe((state) => this.reflect(state));
    this.reflect(store.get());
  }

  private reflect(state: ViewState): void {
    for (const [tool, b] of this.tools) setAttr(b, 'aria-pressed', String(tool === state.primaryTool));
    const vs = state.viewports[state.activeViewport];
    const isCt = vs ? this.modalityOf.get(vs.seriesKey) === 'CT' : false;
    for (const preset of ctWindowPresets) {
      const b = this.presets.get(preset.key);
      if (!b) continue;
      b.disabled = !isCt;
      const on =
        !!vs?.voi &&
        vs.voi.windowWidth === preset.voi.windowWidth &&
        vs.voi.windowCenter === preset.voi.windowCenter;
      setAttr(b, 'aria-pressed', String(on));
    }
    const defaultButton = this.presets.get('0');
    if (defaultButton) setAttr(defaultButton, 'aria-pressed', String(!!vs && !vs.voi));
    setAttr(this.invertButton, 'aria-pressed', String(!!vs?.invert));
    for (const [layout, b] of this.layoutButtons) setAttr(b, 'aria-pressed', String(layout === state.layout));
  }
}
