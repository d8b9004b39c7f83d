/**
 * The animation-frame loop of one viewport's cine: steps at the frame rate it is given, and only when the
 * previous step is on screen, so playback never outruns loading. Whether cine plays is the ViewState's
 * (`ViewportState.cine`); this only keeps time. No Cornerstone.
 */
import { cineFpsRange } from '../model/ViewState.ts';

/** What the loop asks of its viewport. */
export interface CineSteps {
  /** Frames per second wanted now (clamped to {@link cineFpsRange}). */
  fps(): number;
  /** True when the frame of the last step is on screen. */
  ready(): boolean;
  /** Moves to the next frame. */
  step(): void;
}

/** One viewport's cine clock. */
export class CineLoop {
  private frame = 0;
  private lastStepMs = 0;

  constructor(private readonly steps: CineSteps) {}

  /** True while the loop runs. */
  get running(): boolean {
    return this.frame !== 0;
  }

  /** Starts the loop (no-op while it runs); the first step comes one interval later. */
  start(): void {
    if (this.frame) return;
    this.lastStepMs = performance.now();
    this.frame = requestAnimationFrame(this.tick);
  }

  /** Stops the loop (no-op when stopped). */
  stop(): void {
    if (!this.frame) return;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private readonly tick = (now: number): void => {
    // Scheduled first: a step that stops the cine (through the store) cancels this very frame.
    this.frame = requestAnimationFrame(this.tick);
    const fps = Math.min(cineFpsRange.max, Math.max(cineFpsRange.min, this.steps.fps() || cineFpsRange.min));
    const interval = 1000 / fps;
    const elapsed = now - this.lastStepMs;
    if (elapsed >= interval - 1 && this.steps.ready()) {
      this.lastStepMs = now - (elapsed % interval);
      this.steps.step();
    }
  };
}
