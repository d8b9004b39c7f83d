import { describe, expect, it } from 'vitest';
import { summarizeTrace } from './traceSummary.ts';

const meta = (tid: number, name: string) => ({
  name: 'thread_name',
  ph: 'M',
  ts: 0,
  pid: 1,
  tid,
  args: { name },
});
const x = (tid: number, name: string, ts: number, dur: number) => ({ name, ph: 'X', ts, dur, pid: 1, tid });

describe('summarizeTrace', () => {
  const trace = {
    traceEvents: [
      meta(1, 'CrRendererMain'),
      meta(2, 'Compositor'),
      x(1, 'RunTask', 0, 10_000),
      x(1, 'FunctionCall', 1_000, 6_000),
      x(1, 'MajorGC', 2_000, 1_000),
      x(1, 'RunTask', 20_000, 2_000),
      x(2, 'RunTask', 0, 50_000),
      { name: 'casebook:first-image', ph: 'I', ts: 15_000, pid: 1, tid: 1 },
      { name: 'Profile', ph: 'P', ts: 0, pid: 1, tid: 1, id: '0x1' },
      {
        name: 'ProfileChunk',
        ph: 'P',
        ts: 0,
        pid: 1,
        tid: 9,
        id: '0x1',
        args: {
          data: {
            cpuProfile: {
              nodes: [
                { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
                {
                  id: 2,
                  parent: 1,
                  callFrame: { functionName: 'decode', url: 'http://x/assets/a-AbCdEf12.js', lineNumber: 9 },
                },
                {
                  id: 3,
                  parent: 2,
                  callFrame: { functionName: 'copy', url: 'http://x/assets/a-AbCdEf12.js', lineNumber: 19 },
                },
              ],
              samples: [2, 3, 3],
            },
            timeDeltas: [0, 1_000, 2_000],
          },
        },
      },
    ],
  };

  it('reports busy time, self time by event and CPU time by function for the chosen threads', () => {
    const [main, ...rest] = summarizeTrace(trace, /CrRendererMain/);
    expect(rest).toEqual([]);
    expect(main?.busyMs).toBe(12);
    expect(main?.cpuMs).toBe(12);
    expect(main?.events).toEqual([
      { name: 'RunTask', selfMs: 6 },
      { name: 'FunctionCall', selfMs: 5 },
      { name: 'MajorGC', selfMs: 1 },
    ]);
    expect(main?.functions[0]).toEqual({ fn: 'copy a.js:20', selfMs: 2 });
    expect(main?.inclusive.find((f) => f.fn === 'decode a.js:10')?.totalMs).toBe(3);
  });

  it('can stop at a performance mark', () => {
    const [main] = summarizeTrace(trace, /CrRendererMain/, 5, { untilMark: 'casebook:first-image' });
    expect(main?.busyMs).toBe(10);
  });
});
