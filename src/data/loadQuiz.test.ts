import { describe, expect, it } from 'vitest';
import { loadQuiz } from './loadQuiz.ts';

const URL_ = 'http://casebook.test/casebook/annotations/demo.quiz.json';

const fetchWith = (respond: () => Response): typeof fetch => (async () => respond()) as typeof fetch;

const goodQuiz = {
  schemaVersion: 1,
  caseId: 'demo',
  title: 'Demo quiz',
  questions: [
    {
      id: 'dx',
      kind: 'choose',
      prompt: 'Diagnosis?',
      explanation: 'Tumoral calcinosis.',
      multiple: false,
      options: [
        { id: 'a', text: 'Tumoral calcinosis', correct: true, feedback: 'Yes.' },
        { id: 'b', text: 'Chondrosarcoma', correct: false, feedback: 'No.' },
      ],
    },
  ],
};

describe('loadQuiz', () => {
  it('loads and validates a good file', async () => {
    const result = await loadQuiz(URL_, 'demo', {
      fetchFn: fetchWith(() => new Response(JSON.stringify(goodQuiz))),
    });
    expect(result.kind === 'loaded' && result.file.questions.map((q) => q.id)).toEqual(['dx']);
  });

  it('is absent when the case has no quiz (HTTP 404)', async () => {
    const result = await loadQuiz(URL_, 'demo', {
      fetchFn: fetchWith(() => new Response('', { status: 404 })),
    });
    expect(result).toEqual({ kind: 'absent' });
  });

  it('is invalid on another HTTP status, naming the file by its path (under a sub-folder too)', async () => {
    const result = await loadQuiz(URL_, 'demo', {
      fetchFn: fetchWith(() => new Response('', { status: 403 })),
    });
    expect(result.kind === 'invalid' && result.problems.map((p) => p.message)).toEqual([
      'casebook/annotations/demo.quiz.json: could not be loaded (HTTP 403)',
    ]);
  });

  it('is invalid with the cross-field problems of a broken file', async () => {
    const options = goodQuiz.questions[0]?.options.map((o) => ({ ...o, correct: true }));
    const broken = { ...goodQuiz, questions: [{ ...goodQuiz.questions[0], options }] };
    const result = await loadQuiz(URL_, 'demo', {
      fetchFn: fetchWith(() => new Response(JSON.stringify(broken))),
    });
    expect(result.kind === 'invalid' && result.problems.map((p) => p.message)).toEqual([
      "casebook/annotations/demo.quiz.json: question 'dx' (index 0): a single-answer question (multiple: false) needs exactly 1 correct option, has 2",
    ]);
  });

  it('is invalid for malformed JSON and for another case', async () => {
    const malformed = await loadQuiz(URL_, 'demo', {
      fetchFn: fetchWith(() => new Response('{"schemaVersion": 1,')),
    });
    expect(malformed.kind === 'invalid' && malformed.problems[0]?.message).toMatch(
      /^casebook\/annotations\/demo\.quiz\.json: is not valid JSON: /,
    );
    const other = await loadQuiz(URL_, 'other', {
      fetchFn: fetchWith(() => new Response(JSON.stringify(goodQuiz))),
    });
    expect(other.kind === 'invalid' && other.problems.map((p) => p.message)).toEqual([
      "casebook/annotations/demo.quiz.json: caseId 'demo' does not match the case 'other'",
    ]);
  });
});
