import { describe, expect, it } from 'vitest';
import type { TourFile } from '../model/TourFile.ts';
import {
  readSavedTour,
  savedTourKey,
  type TourStorage,
  unreadableTourKey,
  writeSavedTour,
} from './savedTour.ts';

function memoryStorage(): TourStorage & { readonly items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

const tour: TourFile = {
  schemaVersion: 1,
  caseId: 'case',
  title: 'Mine',
  steps: [
    {
      id: 'step-1',
      title: 'Level',
      caption: 'The level',
      view: { viewports: [{ image: { seriesKey: 'ct', SOPInstanceUID: '1.2.3' } }] },
    },
  ],
};

describe('saved tour', () => {
  it('round-trips a tour and forgets it on null', () => {
    const storage = memoryStorage();
    expect(readSavedTour(storage, 'case')).toEqual({ kind: 'none' });
    expect(writeSavedTour(storage, 'case', tour)).toBeNull();
    expect(readSavedTour(storage, 'case')).toEqual({ kind: 'saved', tour });
    writeSavedTour(storage, 'case', null);
    expect(readSavedTour(storage, 'case')).toEqual({ kind: 'none' });
  });

  it('keeps an unreadable saved tour aside, unchanged, and reports why', () => {
    const storage = memoryStorage();
    storage.setItem(savedTourKey('case'), '{"schemaVersion":1,"caseId":"case","title":"x","steps":[{}]}');
    const read = readSavedTour(storage, 'case');
    expect(read.kind).toBe('unreadable');
    if (read.kind !== 'unreadable') return;
    expect(read.problems.length).toBeGreaterThan(0);
    expect(read.problems[0]?.message).toContain('your saved tour');
    expect(storage.items.get(unreadableTourKey('case'))).toContain('"title":"x"');
    expect(storage.items.has(savedTourKey('case'))).toBe(false);
  });

  it('reports text that is not JSON and a tour of another case', () => {
    const storage = memoryStorage();
    storage.setItem(savedTourKey('case'), '{not json');
    expect(readSavedTour(storage, 'case').kind).toBe('unreadable');
    storage.setItem(savedTourKey('other'), JSON.stringify(tour));
    const other = readSavedTour(storage, 'other');
    expect(other.kind === 'unreadable' && other.problems[0]?.message).toContain("caseId 'case'");
  });

  it('says so when the browser refuses to store', () => {
    const full: TourStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    };
    expect(writeSavedTour(full, 'case', tour)).toContain('export it');
  });
});
