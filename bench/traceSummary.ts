/**
 * Summarises a Chrome trace (the JSON `browser.startTracing` writes) for the benchmark's profiling notes:
 * per thread, the busy time, self time by trace-event name, and self time by JavaScript function from the
 * sampled CPU profile. Pure; takes parsed JSON.
 */

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  /** Thread (CPU) time of the event, when the trace has it. */
  readonly tdur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly id?: string;
  readonly args?: Record<string, unknown>;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly parent?: number;
}

/** What one thread did during the trace. Times in ms. */
export interface ThreadSummary {
  readonly thread: string;
  /** Wall time inside top-level tasks (inflated when the machine is overloaded). */
  readonly busyMs: number;
  /** CPU time inside top-level tasks (thread time; what the thread really ran). */
  readonly cpuMs: number;
  /** Self CPU time by trace-event name (wall time where the trace has no thread time), largest first. */
  readonly events: readonly { readonly name: string; readonly selfMs: number }[];
  /** Self time by function from CPU samples, largest first. */
  readonly functions: readonly { readonly fn: string; readonly selfMs: number }[];
  /** Inclusive time (self + callees) by function from CPU samples, largest first. */
  readonly inclusive: readonly { readonly fn: string; readonly totalMs: number }[];
}

const topLevel = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'ThreadPool_RunTask']);

function threadKey(e: { pid: number; tid: number }): string {
  return `${e.pid}:${e.tid}`;
}

function shortUrl(url: string): string {
  const last = url.split('/').pop() ?? url;
  return last.replace(/-[A-Za-z0-9_-]{8}\.js$/, '.js');
}

/**
 * Summarises the threads of a trace whose name matches `threadFilter`.
 * @param trace - parsed trace JSON (`{ traceEvents }` or a bare event array)
 * @param threadFilter - e.g. /CrRendererMain|DedicatedWorker/
 * @param top - rows kept per list
 * @param window - `untilMark`: only events that started before this performance mark
 */
export function summarizeTrace(
  trace: unknown,
  threadFilter: RegExp,
  top = 15,
  window: { readonly untilMark?: string } = {},
): ThreadSummary[] {
  const all = (
    Array.isArray(trace) ? trace : (trace as { traceEvents: TraceEvent[] }).traceEvents
  ) as TraceEvent[];
  // Optionally keep only what started before a performance mark (user-timing events carry the mark's name).
  const until = window.untilMark ? all.find((e) => e.name === window.untilMark)?.ts : undefined;
  const events = until === undefined ? all : all.filter((e) => e.ph === 'M' || e.ts <= until);
  const names = new Map<string, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') names.set(threadKey(e), String(e.args?.name ?? ''));
  }
  const wanted = new Set([...names].filter(([, name]) => threadFilter.test(name)).map(([key]) => key));

  // Self time of complete ('X') events by name: walk each thread's events in order with a stack.
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined || !wanted.has(threadKey(e))) continue;
    const list = byThread.get(threadKey(e)) ?? [];
    list.push(e);
    byThread.set(threadKey(e), list);
  }

  // CPU samples: 'Profile' announces a profile id on a thread; 'ProfileChunk's carry nodes and samples.
  const profileThread = new Map<string, string>();
  for (const e of events) {
    if (e.name === 'Profile' && e.id !== undefined) profileThread.set(`${e.pid}:${e.id}`, threadKey(e));
  }
  const nodes = new Map<string, Map<number, ProfileNode>>();
  const selfByFn = new Map<string, Map<string, number>>();
  const totalByFn = new Map<string, Map<string, number>>();
  const label = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    return functionName
      ? `${functionName} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim()
      : `(${url ? `anonymous ${shortUrl(url)}:${lineNumber + 1}` : 'program'})`;
  };
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.id === undefined) continue;
    const thread = profileThread.get(`${e.pid}:${e.id}`) ?? threadKey(e);
    if (!wanted.has(thread)) continue;
    const data = e.args?.data as
      | { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] }
      | undefined;
    const known = nodes.get(thread) ?? new Map<number, ProfileNode>();
    nodes.set(thread, known);
    for (const node of data?.cpuProfile?.nodes ?? []) known.set(node.id, node);
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    const totals = selfByFn.get(thread) ?? new Map<string, number>();
    selfByFn.set(thread, totals);
    const inclusive = totalByFn.get(thread) ?? new Map<string, number>();
    totalByFn.set(thread, inclusive);
    for (let i = 0; i < samples.length; i++) {
      const node = known.get(samples[i] as number);
      const ms = Math.max(0, deltas[i + 1] ?? 0) / 1000;
      if (!node) continue;
      const fn = label(node);
      totals.set(fn, (totals.get(fn) ?? 0) + ms);
      const onStack = new Set<string>();
      for (
        let n: ProfileNode | undefined = node;
        n;
        n = n.parent === undefined ? undefined : known.get(n.parent)
      ) {
        onStack.add(label(n));
      }
      for (const name of onStack) inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  }

  const out: ThreadSummary[] = [];
  for (const key of wanted) {
    const list = (byThread.get(key) ?? []).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const self = new Map<string, number>();
    const stack: { end: number; name: string; child: number; dur: number }[] = [];
    let busy = 0;
    let cpu = 0;
    const close = (until: number) => {
      while (stack.length && (stack[stack.length - 1] as { end: number }).end <= until) {
        const done = stack.pop() as { name: string; child: number; dur: number };
        self.set(done.name, (self.get(done.name) ?? 0) + Math.max(0, done.dur - done.child) / 1000);
      }
    };
    for (const e of list) {
      close(e.ts);
      const wall = e.dur ?? 0;
      const dur = e.tdur ?? wall;
      const parent = stack[stack.length - 1];
      if (parent) parent.child += dur;
      else if (topLevel.has(e.name)) {
        busy += wall;
        cpu += dur;
      }
      stack.push({ end: e.ts + wall, name: e.name, child: 0, dur });
    }
    close(Number.POSITIVE_INFINITY);
    const fns = selfByFn.get(key) ?? new Map<string, number>();
    const incl = totalByFn.get(key) ?? new Map<string, number>();
    out.push({
      thread: `${names.get(key) ?? key} (${key})`,
      busyMs: busy / 1000,
      cpuMs: cpu / 1000,
      events: [...self]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([name, selfMs]) => ({ name, selfMs })),
      functions: [...fns]
        .filter(([fn]) => fn !== '(program)' && fn !== '(idle)')
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([fn, selfMs]) => ({ fn, selfMs })),
      inclusive: [...incl]
        .filter(([fn]) => !/^\((program|root|idle)\)$/.test(fn))
        .sort((a, b) => b[1] - a[1])
        .slice(0, top * 2)
        .map(([fn, totalMs]) => ({ fn, totalMs })),
    });
  }
  return out.filter((t) => t.busyMs > 0 || t.functions.length > 0).sort((a, b) => b.busyMs - a.busyMs);
}

/** The summary as indented text. */
export function formatTraceSummary(threads: readonly ThreadSummary[]): string {
  const lines: string[] = [];
  for (const t of threads) {
    lines.push(`${t.thread}: busy ${t.busyMs.toFixed(0)} ms wall, ${t.cpuMs.toFixed(0)} ms CPU`);
    lines.push(
      `  trace events (self CPU ms): ${t.events.map((e) => `${e.name} ${e.selfMs.toFixed(0)}`).join(', ')}`,
    );
    if (t.functions.length) {
      lines.push('  JS functions (self ms, sampled):');
      for (const f of t.functions) lines.push(`    ${f.selfMs.toFixed(0).padStart(6)}  ${f.fn}`);
      lines.push('  JS functions (inclusive ms, sampled):');
      for (const f of t.inclusive) lines.push(`    ${f.totalMs.toFixed(0).padStart(6)}  ${f.fn}`);
    }
  }
  return lines.join('\n');
}
