import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TeachingFileLoad } from './loadTeachingFile.ts';
import { loadTeachingFileOffThread, type TeachingFileRequest } from './loadTeachingFileOffThread.ts';

/** A stand-in for the browser's Worker: records what it is asked and answers as `behave` says. */
function fakeWorkers(behave: 'answer' | 'error' | 'throw') {
  const made: {
    url: string;
    type: string | undefined;
    posted: TeachingFileRequest[];
    terminated: boolean;
  }[] = [];
  class FakeWorker {
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onerror: ((event: { message: string; preventDefault(): void }) => void) | null = null;
    readonly record;
    constructor(url: URL, options?: { type?: string }) {
      if (behave === 'throw') throw new Error('workers are blocked here');
      this.record = {
        url: String(url),
        type: options?.type,
        posted: [] as TeachingFileRequest[],
        terminated: false,
      };
      made.push(this.record);
    }
    postMessage(request: TeachingFileRequest): void {
      this.record.posted.push(request);
      queueMicrotask(() => {
        if (behave === 'error') this.onerror?.({ message: 'cannot start', preventDefault: () => {} });
        else this.onmessage?.({ data: { kind: 'absent' } });
      });
    }
    terminate(): void {
      this.record.terminated = true;
    }
  }
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('location', { href: 'http://casebook.test/casebook/index.html' });
  return made;
}

const mainThread = (): Promise<TeachingFileLoad<never>> =>
  Promise.resolve({ kind: 'invalid', problems: [] } as TeachingFileLoad<never>);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('loadTeachingFileOffThread', () => {
  it("asks a module worker for the file by its absolute URL and hands back the worker's answer", async () => {
    const made = fakeWorkers('answer');
    const onMainThread = vi.fn(mainThread);
    const result = await loadTeachingFileOffThread(
      { kind: 'tour', url: 'annotations/x.tour.json', caseId: 'x' },
      onMainThread,
    );
    expect(result).toEqual({ kind: 'absent' });
    expect(onMainThread).not.toHaveBeenCalled();
    expect(made).toHaveLength(1);
    expect(made[0]?.url).toMatch(/teachingFileWorker\.ts$/);
    expect(made[0]?.type).toBe('module');
    expect(made[0]?.posted).toEqual([
      { kind: 'tour', url: 'http://casebook.test/casebook/annotations/x.tour.json', caseId: 'x' },
    ]);
    expect(made[0]?.terminated).toBe(true);
  });

  it('loads on the main thread when the worker cannot start or cannot be made, and without workers', async () => {
    fakeWorkers('error');
    const request = { kind: 'quiz', url: 'annotations/x.quiz.json', caseId: 'x' } as const;
    expect(await loadTeachingFileOffThread(request, mainThread)).toEqual({ kind: 'invalid', problems: [] });
    fakeWorkers('throw');
    expect(await loadTeachingFileOffThread(request, mainThread)).toEqual({ kind: 'invalid', problems: [] });
    vi.unstubAllGlobals();
    vi.stubGlobal('Worker', undefined);
    expect(await loadTeachingFileOffThread(request, mainThread)).toEqual({ kind: 'invalid', problems: [] });
  });
});
