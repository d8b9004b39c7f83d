import { describe, expect, it } from 'vitest';
import { ManualClock } from './Clock.ts';

describe('ManualClock', () => {
  it('runs a timer only once time reaches it, at its own time, earliest first', () => {
    const clock = new ManualClock();
    const ran: Array<[string, number]> = [];
    clock.setTimeout(() => ran.push(['late', clock.now()]), 300);
    clock.setTimeout(() => ran.push(['early', clock.now()]), 100);
    clock.advance(99);
    expect(ran).toEqual([]);
    clock.advance(250);
    expect(ran).toEqual([
      ['early', 100],
      ['late', 300],
    ]);
    expect(clock.now()).toBe(349);
    expect(clock.pendingTimers).toBe(0);
  });

  it('does not run a cleared timer, and runs one set by a timer when it falls due in the same advance', () => {
    const clock = new ManualClock();
    const ran: string[] = [];
    const cleared = clock.setTimeout(() => ran.push('cleared'), 10);
    clock.clearTimeout(cleared);
    clock.setTimeout(() => clock.setTimeout(() => ran.push('chained'), 10), 10);
    clock.advance(15);
    expect(ran).toEqual([]);
    clock.advance(5);
    expect(ran).toEqual(['chained']);
  });
});
