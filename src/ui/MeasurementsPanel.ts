/**
 * Lists the learner's measurements (probe, length, ellipse ROI) with their values in large type, so numbers
 * such as supernatant vs sediment HU are easy to read and compare. Plain DOM.
 */
import type { CaseManifest } from '../model/CaseManifest.ts';
import { type Measurement, measurementKindLabel, measurementLines } from '../model/Measurement.ts';
import type { ViewerController } from '../model/ViewerController.ts';
import { h } from './h.ts';
import type { ViewerActions } from './ViewerActions.ts';

/** The measurements panel. */
export class MeasurementsPanel {
  private readonly list: HTMLOListElement;
  private readonly empty: HTMLElement;
  private readonly clearButton: HTMLButtonElement;
  private readonly descriptionOf: ReadonlyMap<string, string>;

  constructor(
    container: HTMLElement,
    manifest: CaseManifest,
    private readonly viewer: ViewerController,
    private readonly actions: ViewerActions,
  ) {
    this.descriptionOf = new Map(manifest.series.map((s) => [s.key, s.SeriesDescription]));
    this.list = h('ol', { class: 'measurement-list', dataset: { testid: 'measurements' } });
    this.empty = h('p', {
      class: 'panel-hint',
      text: 'No measurements yet. Pick HU probe (H), Length (L) or Ellipse ROI (E) and click or drag on an image.',
    });
    this.clearButton = h('button', {
      type: 'button',
      class: 'tool-button small',
      text: 'Clear all',
      onclick: () => viewer.clearMeasurements(),
    });
    const section = h(
      'section',
      { class: 'panel measurements-panel', 'aria-label': 'Measurements' },
      h(
        'div',
        { class: 'panel-header' },
        h('h2', { class: 'panel-title', text: 'Measurements' }),
        this.clearButton,
      ),
      this.empty,
      this.list,
    );
    container.append(section);
    viewer.events.on('measurements', (list) => this.render(list));
    this.render(viewer.getMeasurements());
  }

  private render(measurements: readonly Measurement[]): void {
    this.empty.hidden = measurements.length > 0;
    this.clearButton.hidden = measurements.length === 0;
    this.list.replaceChildren(
      ...measurements.map((m, i) =>
        h(
          'li',
          { class: `measurement measurement-${m.kind}`, dataset: { kind: m.kind, measurementId: m.id } },
          h(
            'div',
            { class: 'measurement-head' },
            h('span', { class: 'measurement-title', text: `${i + 1}. ${measurementKindLabel[m.kind]}` }),
            h('button', {
              type: 'button',
              class: 'remove-measurement',
              title: 'Remove this measurement',
              'aria-label': `Remove measurement ${i + 1}`,
              text: '×',
              onclick: () => this.viewer.removeMeasurement(m.id),
            }),
          ),
          h('button', {
            type: 'button',
            class: 'measurement-where',
            title: 'Go to this image',
            text: `${this.descriptionOf.get(m.seriesKey) ?? m.seriesKey} · Im ${m.imageIndex + 1}`,
            onclick: () => {
              this.actions.showSeries(m.seriesKey);
              this.actions.goTo(m.imageIndex);
            },
          }),
          h(
            'div',
            { class: 'measurement-values' },
            ...measurementLines(m).map((line) => h('div', { class: 'measurement-value', text: line })),
          ),
        ),
      ),
    );
  }
}
