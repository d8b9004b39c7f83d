/**
 * Rules on a tour step's or quiz question's view that its JSON Schema cannot state: as many viewports as the
 * layout shows, an active viewport among them. Checked on a schema-valid view, without the case (its images are
 * checked against the manifest where the view is applied, and by `npm run validate`). Pure.
 */
import type { StepView } from './StepView.ts';
import { viewportCount } from './ViewState.ts';

/** One rule broken, with the field inside the view. */
export interface StepViewIssue {
  /** Field path from the record, e.g. `view.viewports`. */
  readonly field: string;
  readonly detail: string;
}

const viewports = (n: number): string => `${n} viewport${n === 1 ? '' : 's'}`;

/**
 * The rules a schema-valid step view breaks.
 * @param view - the view
 * @param prefix - field path of the view inside its record (`view`)
 */
export function checkStepView(view: StepView, prefix = 'view'): StepViewIssue[] {
  const issues: StepViewIssue[] = [];
  const count = view.viewports.length;
  if (view.layout !== undefined) {
    const expected = viewportCount(view.layout);
    if (count !== expected) {
      issues.push({
        field: `${prefix}.viewports`,
        detail: `layout '${view.layout}' shows ${viewports(expected)}, but ${prefix}.viewports lists ${count}`,
      });
    }
  } else if (count === 3) {
    issues.push({
      field: `${prefix}.viewports`,
      detail: `${viewports(count)} fit no layout (1x1 shows 1, 1x2 shows 2, 2x2 shows 4)`,
    });
  }
  const active = view.activeViewport ?? 0;
  if (active >= count) {
    issues.push({
      field: `${prefix}.activeViewport`,
      detail: `there is no viewport ${active} (${prefix}.viewports: 0 to ${count - 1})`,
    });
  }
  return issues;
}
