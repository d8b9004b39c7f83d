/**
 * Where a learner's quiz progress is kept: the browser's localStorage, one entry per case, quiz and
 * learner, plus the name of the learner last used. A storage that is missing, full or refuses access
 * (private windows) loses nothing else: reads give nothing and writes report false. No DOM beyond Storage.
 */

/** The learner a quiz opens for when nobody has given a name. */
export const defaultLearner = 'me';

const prefix = 'casebook:quiz:v1';
const learnerKey = `${prefix}:learner`;

/** The progress entries of one quiz of one case. */
export class QuizProgressStore {
  /**
   * @param storage - localStorage, or null where there is none
   * @param caseId - the case's id
   * @param quizKey - what tells the case's quizzes apart (the quiz file's URL)
   */
  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null,
    private readonly caseId: string,
    private readonly quizKey: string,
  ) {}

  /** The learner last used on this browser, else {@link defaultLearner}. */
  get learner(): string {
    return normaliseLearner(this.read(learnerKey) ?? '');
  }

  /**
   * Remembers the learner's name for the next visit.
   * @param name - as typed; trimmed, empty means {@link defaultLearner}
   */
  setLearner(name: string): boolean {
    return this.write(learnerKey, normaliseLearner(name));
  }

  /**
   * The stored progress of a learner (parsed JSON of any shape: the session checks it), or null.
   * @param learner - the learner's name
   */
  load(learner: string): unknown {
    const text = this.read(this.keyOf(learner));
    if (text === null) return null;
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }

  /**
   * Stores a learner's progress; false when the storage refused it.
   * @param learner - the learner's name
   * @param progress - JSON-safe progress
   */
  save(learner: string, progress: unknown): boolean {
    return this.write(this.keyOf(learner), JSON.stringify(progress));
  }

  /**
   * Forgets a learner's progress on this quiz.
   * @param learner - the learner's name
   */
  clear(learner: string): void {
    try {
      this.storage?.removeItem(this.keyOf(learner));
    } catch {
      // Nothing to forget where nothing could be stored.
    }
  }

  private keyOf(learner: string): string {
    return `${prefix}:${encodeURIComponent(this.caseId)}:${encodeURIComponent(this.quizKey)}:${encodeURIComponent(normaliseLearner(learner))}`;
  }

  private read(key: string): string | null {
    try {
      return this.storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  private write(key: string, value: string): boolean {
    try {
      if (!this.storage) return false;
      this.storage.setItem(key, value);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * A learner's name as stored: trimmed, at most 60 characters, {@link defaultLearner} when empty.
 * @param name - as typed
 */
export function normaliseLearner(name: string): string {
  return name.trim().slice(0, 60) || defaultLearner;
}
