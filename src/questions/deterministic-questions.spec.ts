import { generateQuestions } from './deterministic-questions';
import { JobForQuestions } from './question.types';

const backend: JobForQuestions = {
  title: 'Backend Engineer',
  description: 'Build APIs with Node.js and PostgreSQL',
  skills: ['TypeScript', 'PostgreSQL', 'Docker'],
};

function job(skills: string[], description = 'Design and operate payment services. Payment reliability matters.'): JobForQuestions {
  return { title: 'Platform Engineer', description, skills };
}

describe('generateQuestions (deterministic)', () => {
  it.each([
    ['0 skills', job([])],
    ['1 skill', job(['Go'])],
    ['3 skills', backend],
    ['12 skills', job(['A1', 'B2', 'C3', 'D4', 'E5', 'F6', 'G7', 'H8', 'I9', 'J10', 'K11', 'L12'])],
    ['empty job', { title: '', description: '', skills: [] }],
  ])('returns 6 to 10 well-formed questions for %s', (_label, input) => {
    const questions = generateQuestions(input);
    expect(questions.length).toBeGreaterThanOrEqual(6);
    expect(questions.length).toBeLessThanOrEqual(10);
    expect(questions.map((q) => q.id)).toEqual(questions.map((_q, i) => `q${i + 1}`));
    expect(questions[0].category).toBe('role');
    for (const q of questions) {
      expect(['role', 'technical', 'behavioural']).toContain(q.category);
      expect(q.text.length).toBeGreaterThan(0);
      expect(q.text.length).toBeLessThanOrEqual(300);
    }
    expect(new Set(questions.map((q) => q.text)).size).toBe(questions.length);
  });

  it('is deterministic, and different jobs get different questions', () => {
    expect(generateQuestions(backend)).toEqual(generateQuestions({ ...backend, skills: [...backend.skills] }));
    const other = generateQuestions({ ...backend, title: 'Data Engineer', skills: ['Python', 'Spark'] });
    expect(other).not.toEqual(generateQuestions(backend));
  });

  it('asks about the role by title and about each skill, in order, with varied wording', () => {
    const questions = generateQuestions(backend);
    expect(questions[0].text).toContain('Backend Engineer');
    const technical = questions.filter((q) => q.category === 'technical');
    expect(technical).toHaveLength(3);
    technical.forEach((q, i) => expect(q.text).toContain(backend.skills[i]));
    const wording = technical.map((q, i) => q.text.replace(backend.skills[i], '<skill>'));
    expect(new Set(wording).size).toBe(3);
    expect(questions.filter((q) => q.category === 'behavioural').length).toBeGreaterThanOrEqual(2);
  });

  it('uses at most 4 skills, the first ones given', () => {
    const skills = ['Kotlin', 'Kafka', 'Redis', 'Terraform', 'GraphQL', 'Rust'];
    const technical = generateQuestions(job(skills)).filter((q) => q.category === 'technical');
    expect(technical).toHaveLength(4);
    technical.forEach((q, i) => expect(q.text).toContain(skills[i]));
  });

  it('collapses duplicate skills case-insensitively and skips blank ones', () => {
    const questions = generateQuestions(job([' React ', 'react', 'REACT', '', '   ', 'Vue']));
    const technical = questions.filter((q) => q.category === 'technical');
    expect(technical).toHaveLength(2);
    expect(technical[0].text).toContain('React');
    expect(technical[0].text).not.toMatch(/\s{2}/);
    expect(technical[1].text).toContain('Vue');
  });

  it('adds keyword questions from the description when there are fewer than 2 skills', () => {
    const questions = generateQuestions(job(['Go']));
    const technical = questions.filter((q) => q.category === 'technical');
    expect(technical).toHaveLength(2);
    expect(technical[0].text).toContain('Go');
    // "payment" is the most frequent non-stop-word of the description.
    expect(technical[1].text.toLowerCase()).toContain('payment');

    const none = generateQuestions(job([], 'Kafka pipelines, Kafka streams and Spark'));
    const keywordQuestions = none.filter((q) => q.category === 'technical');
    expect(keywordQuestions).toHaveLength(2);
    expect(keywordQuestions[0].text).toContain('Kafka');
    // Ties (pipelines, spark, streams: once each) are broken alphabetically.
    expect(keywordQuestions[1].text).toContain('pipelines');
  });

  it('ignores English and Turkish stop words', () => {
    const questions = generateQuestions(job([], 'the and ve ile için bir the and ve Kubernetes'));
    const technical = questions.filter((q) => q.category === 'technical');
    expect(technical).toHaveLength(1);
    expect(technical[0].text).toContain('Kubernetes');
  });

  it('clips long job text and never exceeds 300 characters', () => {
    const questions = generateQuestions({
      title: `  ${'T'.repeat(500)}  `,
      description: 'x'.repeat(10_000),
      skills: ['S'.repeat(500), 'K'.repeat(500)],
    });
    expect(questions[0].text).toContain('T'.repeat(100));
    expect(questions[0].text).not.toContain('T'.repeat(101));
    for (const q of questions) expect(q.text.length).toBeLessThanOrEqual(300);
    expect(questions[1].text).not.toContain('S'.repeat(61));
  });

  it('does not throw on an empty description and no skills', () => {
    expect(() => generateQuestions({ title: 'Designer', description: '', skills: [] })).not.toThrow();
    const questions = generateQuestions({ title: 'Designer', description: '', skills: [] });
    expect(questions).toHaveLength(6);
    expect(questions.filter((q) => q.category === 'behavioural')).toHaveLength(5);
  });
});
