import { describe, expect, it } from 'vitest';
import type { CaseManifest } from './CaseManifest.ts';
import { applyStepView } from './StepView.ts';
import { syntheticSeries as series } from './syntheticStack.testutil.ts';
import { initialViewState } from './ViewState.ts';

const manifest: CaseManifest = {
  schemaVersion: 1,
  caseId: 'synthetic',
  title: 'Synthetic',
  StudyInstanceUID: '1.2',
  StudyDescription: '',
  PatientName: '',
  PatientID: '',
  series: [series('ct', 10, '1.2.3')],
};

describe('a step view and the reveal stage', () => {
  it('keeps the stage on screen through a step (the step sets the images, not how much is revealed)', () => {
    for (const reveal of ['history', 'findings', 'diagnosis', 'all'] as const) {
      const current = { ...initialViewState('synthetic', 'ct', 2), reveal };
      const step = { viewports: [{ image: { seriesKey: 'ct', SOPInstanceUID: '1.2.3.6' } }] };
      const applied = applyStepView(step, current, manifest);
      expect(applied.ok && applied.view.reveal).toBe(reveal);
      expect(applied.ok && applied.view.viewports[0]?.imageIndex).toBe(5);
    }
  });
});
