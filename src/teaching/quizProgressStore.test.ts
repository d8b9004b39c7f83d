import { describe, expect, it } from 'vitest';
import { defaultLearner, QuizProgressStore } from './quizProgressStore.ts';

/** A Map-backed Storage; `full` makes every write throw, as a full or locked localStorage does. */
function memoryStorage(full = false) {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (full) throw new DOMException('quota', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('QuizProgressStore', () => {
  it('keeps progress per case, quiz and learner', () => {
    const storage = memoryStorage();
    const a = new QuizProgressStore(storage, 'case-1', 'annotations/case-1.quiz.json');
    const otherQuiz = new QuizProgressStore(storage, 'case-1', 'other.quiz.json');
    const otherCase = new QuizProgressStore(storage, 'case-2', 'annotations/case-1.quiz.json');
    expect(a.save('me', { answers: { q1: 1 } })).toBe(true);
    a.save('Ana', { answers: { q1: 2 } });
    expect(a.load('me')).toEqual({ answers: { q1: 1 } });
    expect(a.load(' Ana ')).toEqual({ answers: { q1: 2 } });
    expect(otherQuiz.load('me')).toBeNull();
    expect(otherCase.load('me')).toBeNull();
    a.clear('me');
    expect(a.load('me')).toBeNull();
    expect(a.load('Ana')).not.toBeNull();
  });

  it('remembers the last learner, "me" by default', () => {
    const storage = memoryStorage();
    const store = new QuizProgressStore(storage, 'c', 'q');
    expect(store.learner).toBe(defaultLearner);
    store.setLearner('  Dr Who ');
    expect(new QuizProgressStore(storage, 'c', 'other').learner).toBe('Dr Who');
    store.setLearner('   ');
    expect(store.learner).toBe('me');
  });

  it('survives a full or missing storage and unreadable entries', () => {
    const full = new QuizProgressStore(memoryStorage(true), 'c', 'q');
    expect(full.save('me', {})).toBe(false);
    expect(full.load('me')).toBeNull();
    const none = new QuizProgressStore(null, 'c', 'q');
    expect(none.save('me', {})).toBe(false);
    expect(none.learner).toBe('me');
    const storage = memoryStorage();
    const store = new QuizProgressStore(storage, 'c', 'q');
    store.save('me', {});
    for (const key of storage.items.keys()) storage.items.set(key, '{not json');
    expect(store.load('me')).toBeNull();
  });
});
