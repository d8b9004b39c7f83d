/**
 * The windows stored in the image file (WindowCenter / WindowWidth with their explanations, e.g. the CT's
 * own bone window W 1800 / L 450), offered beside the toolbar's presets as one select: read from the
 * metadata of the image on screen through the viewer controller, never hard-coded. Plain DOM.
 */
import type { Store } from '../lib/Store.ts';
import { type StoredWindow, storedWindowName } from '../model/storedWindows.ts';
import type { ViewerController } from '../model/ViewerController.ts';
import { patchViewport, type ViewState } from '../model/ViewState.ts';
import { formatVoi } from '../model/windowPresets.ts';
import { h, setAttr } from './h.ts';

/** The select of stored windows for the active viewport. */
export class StoredWindowSelect {
  readonly element: HTMLSelectElement;
  private windows: readonly StoredWindow[] = [];
  /** The option list last built, to rebuild only when the image's windows change (not on every slice). */
  private signature = '';
  /** Whether the select's last change came from a key (a keyboard user moving through the options). */
  private keyed = false;

  constructor(
    private readonly store: Store<ViewState>,
    private readonly viewer: ViewerController,
  ) {
    this.element = h('select', {
      class: 'tool-button stored-windows',
      title: 'Windows stored in the image file',
      'aria-label': 'Window stored in the file',
      dataset: { testid: 'stored-windows' },
      onkeydown: () => {
        this.keyed = true;
      },
      onchange: () => this.apply(),
    });
    store.subscribe(() => this.refresh());
    viewer.events.on('display', (display) => {
      if (display.viewportIndex === this.store.get().activeViewport) this.refresh();
    });
    this.refresh();
  }

  private apply(): void {
    const window = this.windows[Number(this.element.value)];
    if (!window) return;
    this.store.update((s) => patchViewport(s, s.activeViewport, { voi: window.voi }), 'learner');
    // A window picked with the pointer hands the keys back to the viewer: a focused select keeps the
    // arrows (src/ui/focusRules.ts), so the learner's next ↓ would pick another window, not the next image.
    // A keyboard user moving through the options keeps the focus.
    if (!this.keyed) this.element.blur();
    this.keyed = false;
  }

  private refresh(): void {
    const state = this.store.get();
    const windows = this.viewer.getStoredWindows(state.activeViewport);
    const signature = windows
      .map((w) => `${w.voi.windowWidth}/${w.voi.windowCenter} ${w.explanation}`)
      .join('|');
    if (signature !== this.signature) {
      this.signature = signature;
      this.windows = windows;
      this.element.replaceChildren(
        h('option', {
          value: '',
          text: windows.length > 0 ? 'File windows' : 'No file windows',
          disabled: true,
        }),
        ...windows.map((w, i) =>
          h('option', { value: String(i), text: `${storedWindowName(w)}: ${formatVoi(w.voi)}` }),
        ),
      );
      this.element.disabled = windows.length === 0;
    }
    const voi = state.viewports[state.activeViewport]?.voi;
    const index = voi
      ? this.windows.findIndex(
          (w) => w.voi.windowWidth === voi.windowWidth && w.voi.windowCenter === voi.windowCenter,
        )
      : -1;
    const value = index >= 0 ? String(index) : '';
    if (this.element.value !== value) this.element.value = value;
    setAttr(this.element, 'data-selected', value);
  }
}
