import { AnalysisInput, AnalysisJob, AnalysisResult, analyzeInterview } from './analyze';
import * as R from './rules';

const job: AnalysisJob = {
  title: 'Backend Engineer',
  description:
    'We are looking for a backend engineer to design scalable APIs and event-driven services with TypeScript, ' +
    'PostgreSQL, Docker and Kafka. You will own reliability, monitoring and performance of our payment platform.',
  skills: ['TypeScript', 'PostgreSQL', 'Docker', 'Kafka'],
};

// Neutral answers: no skills, numbers, fillers, structure or cultural signals, 40-60 words each.
const neutral = [
  'My recent work was on a billing service that handled invoices for a large number of customers. I spent most ' +
    'of my time reading the existing code, writing tests around the fragile parts and making small changes that ' +
    'were easy to review and easy to roll back when something looked wrong in production.',
  'When a query is slow I look at how the data is stored and read. Usually the problem is that the database ' +
    'scans too many rows, so I add an index or rewrite the query. I measure before and after to make sure the ' +
    'change really helps and does not slow down writes.',
  'For deployments I prefer small and frequent releases with a clear way back. I write down what changed, check ' +
    'the dashboards after the release and keep an eye on error rates for a while. If something breaks I roll back ' +
    'first and investigate afterwards with a calm head.',
  'In an incident I try to stop the damage before looking for the root cause. I keep notes of what I see and ' +
    'what I try, because the notes make the review much easier. Later I write a short report with the timeline and ' +
    'the follow-up tasks that should prevent a repeat.',
];

function run(answers: string[], overrides: Partial<AnalysisInput> = {}): AnalysisResult {
  return analyzeInterview({ answers, job, ...overrides });
}

function expectValid(r: AnalysisResult) {
  for (const score of [r.overall_score, r.communication_score, r.technical_score, r.cultural_fit_score]) {
    expect(Number.isFinite(score)).toBe(true);
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(100);
    expect(Math.round(score * 10) / 10).toBe(score);
  }
  for (const text of [r.summary, r.strengths, r.weaknesses]) {
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThanOrEqual(R.MAX_TEXT_LENGTH);
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
  }
  expect(r.model_used).toBe('rule-based-v1');
}

function words(count: number, word = 'word'): string {
  return Array.from({ length: count }, () => word).join(' ');
}

describe('rules', () => {
  it('keeps the weights and points consistent', () => {
    const w = R.OVERALL_WEIGHTS;
    expect(w.communication + w.technical + w.culturalFit).toBeCloseTo(1, 10);
    expect(Object.values(R.COMMUNICATION_POINTS).reduce((a, b) => a + b, 0)).toBe(100);
    expect(Object.values(R.CULTURAL_POINTS).reduce((a, b) => a + b, 0)).toBe(100);
    expect(Object.values(R.TECHNICAL_POINTS).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('writes every prefix entry with enough letters and never at the start of a phrase', () => {
    const lists = [R.FILLERS, R.STRUCTURE_MARKERS, R.STAR_MARKERS, R.COLLABORATION_SIGNALS, R.OWNERSHIP_SIGNALS, R.MOTIVATION_SIGNALS];
    for (const entry of lists.flatMap((l) => Object.values(l).flat())) {
      const parts = entry.split(' ');
      expect(parts[0].endsWith('*') && parts.length > 1).toBe(false);
      for (const part of parts) if (part.endsWith('*')) expect(part.length - 1).toBeGreaterThanOrEqual(R.MIN_PREFIX_LENGTH);
    }
    expect(Object.values(R.FILLERS).flat()).not.toContainEqual(expect.stringContaining('*'));
  });
});

describe('analyzeInterview', () => {
  it('scores a decent interview in range and cites what it saw', () => {
    const r = run([
      'I have been a backend developer for 5 years, mostly with TypeScript. I led the migration of our billing service ' +
        'and we cut p95 latency from 800 ms to 120 ms. I enjoy building reliable APIs.',
      'First, I read the query plan in PostgreSQL. Then I check the indexes, because most slow queries miss one. For ' +
        'example, I added a partial index and a report went from 40 seconds to 2 seconds.',
      'We run everything in Docker; I built multi-stage images that shrank by 60% and helped the team adopt them.',
      ...neutral,
    ]);
    expectValid(r);
    expect(r.overall_score).toBeGreaterThan(60);
    expect(r.summary).toContain('Analysed 7 answers');
    expect(r.summary).toContain('Covered 3 of 4 required skills (');
    expect(r.strengths).toMatch(/Covered 3 of 4 required skills \((Docker|PostgreSQL|TypeScript)(, (Docker|PostgreSQL|TypeScript)){2}\)/);
    expect(r.strengths).toMatch(/\d+ numbers \(incl\. 1 percentage, \d+ durations\)/);
    expect(r.weaknesses).toContain('Did not mention Kafka (1 of 4 required skills).');
  });

  it('computes overall as the documented weighted sum of the rounded sub-scores', () => {
    const r = run(neutral);
    const w = R.OVERALL_WEIGHTS;
    const expected = r.communication_score * w.communication + r.technical_score * w.technical + r.cultural_fit_score * w.culturalFit;
    expect(r.overall_score).toBe(Math.round(expected * 10) / 10);
  });

  describe('each signal moves its own score', () => {
    const base = run(neutral);

    it('skill mentions raise technical and leave cultural fit alone', () => {
      const r = run([...neutral.slice(0, 3), `${neutral[3]} The stack was TypeScript, PostgreSQL and Kafka.`]);
      expect(r.technical_score).toBeGreaterThan(base.technical_score);
      expect(r.cultural_fit_score).toBe(base.cultural_fit_score);
    });

    it('fillers lower communication', () => {
      const r = run([`Um, ${neutral[0]} Uh, you know, it was basically fine.`, ...neutral.slice(1).map((a) => `Like, um, ${a}`)]);
      expect(r.communication_score).toBeLessThan(base.communication_score);
      expect(r.weaknesses).toMatch(/\d+ filler words \(\d+\.\d per 100 words\): um ×4, like ×3/);
    });

    it('collaboration words raise cultural fit', () => {
      const r = run([...neutral.slice(0, 3), `${neutral[3]} We worked on it together as a team and I helped a colleague.`]);
      expect(r.cultural_fit_score).toBeGreaterThan(base.cultural_fit_score);
      expect(r.technical_score).toBe(base.technical_score);
    });

    it('numbers raise technical specificity', () => {
      const r = run([...neutral.slice(0, 3), `${neutral[3]} The outage lasted 45 minutes and affected 12% of 30000 users.`]);
      expect(base.weaknesses).toContain('Mentioned no numbers or measurable results.');
      expect(r.technical_score).toBeGreaterThan(base.technical_score);
      expect(r.weaknesses).not.toContain('Mentioned no numbers');
    });

    it('structure markers raise communication', () => {
      const r = run([
        `First, ${neutral[0]}`,
        `${neutral[1]} For example, the report query.`,
        `${neutral[2]} As a result, releases are boring.`,
        `Then ${neutral[3]}`,
      ]);
      expect(r.communication_score).toBeGreaterThan(base.communication_score);
    });

    it('more sentences per answer raise communication (run-on answers score lower)', () => {
      const runOn = neutral.map((a) => a.replace(/[.]/g, ','));
      expect(run(runOn).communication_score).toBeLessThan(base.communication_score);
    });

    it('ownership and motivation raise cultural fit, and both with collaboration earn the balance bonus', () => {
      const owned = run([...neutral.slice(0, 3), `${neutral[3]} I led the fix and took ownership of the follow-up.`]);
      const both = run([...neutral.slice(0, 3), `${neutral[3]} I led the fix and took ownership, and we paired on it together.`]);
      const motivated = run([...neutral.slice(0, 3), `${neutral[3]} I am curious and excited to keep learning.`]);
      expect(owned.cultural_fit_score).toBeGreaterThan(base.cultural_fit_score);
      expect(motivated.cultural_fit_score).toBeGreaterThan(base.cultural_fit_score);
      expect(both.cultural_fit_score).toBeGreaterThan(owned.cultural_fit_score + R.CULTURAL_POINTS.balance);
    });

    it('answers below the ideal band lose more than answers equally far above it', () => {
      const { min, max } = R.IDEAL_ANSWER_WORDS;
      const short = run([`${words(min - 30, 'short')}.`]);
      const long = run([`${words(max + 30, 'long')}.`]);
      const ideal = run([`${words(Math.round((min + max) / 2), 'fine')}.`]);
      expect(ideal.communication_score).toBeGreaterThan(long.communication_score);
      expect(long.communication_score).toBeGreaterThan(short.communication_score);
    });
  });

  describe('bounds', () => {
    it.each([
      ['a 10 000-word answer', [words(10_000, 'kafka')]],
      ['500 answers', Array.from({ length: 500 }, (_, i) => `${neutral[i % 4]} We used Docker ${i} times.`)],
      ['answers made only of fillers', ['um uh like basically actually you know', 'şey yani işte hani', 'euh du coup bah voilà']],
      ['emoji', ['😀 🚀🚀 👍', 'Great 🚀 team 👍 we shipped 🎉']],
      ['empty strings', ['', '', 'ok']],
      ['every signal at once, repeated', [Array.from({ length: 300 }, () => 'First, I led the team, we collaborated, I am excited, 99% in 3 days with Docker, TypeScript, PostgreSQL and Kafka, um.').join(' ')]],
    ])('stay within 0-100 for %s', (_name, answers) => {
      expectValid(run(answers));
    });

    it('gives fillers-only answers no communication credit', () => {
      const r = run(['um uh like basically actually you know', 'euh du coup bah voilà', 'şey yani işte hani']);
      expect(r.communication_score).toBe(0);
    });

    it('never throws on malformed input', () => {
      const broken = [
        { answers: [null, 5, 'We used Docker.'], job: { title: null, description: 7, skills: [null, '', '  ', 'Docker'] } },
        { answers: 'not a list', job: null },
        null,
        {},
      ];
      for (const input of broken) expectValid(analyzeInterview(input as unknown as AnalysisInput));
    });

    it('handles a job without skills, title or description', () => {
      const r = analyzeInterview({ answers: neutral, job: { title: '', description: '', skills: [] } });
      expectValid(r);
      expect(r.summary).not.toContain('required skill');
    });
  });

  it('is deterministic', () => {
    const input: AnalysisInput = {
      answers: [...neutral, 'We shipped 3 services with Docker, um, like, in 2 weeks; I led it and loved it.'],
      transcript: 'I mentored two juniors and we paired on Kafka consumers.',
      job,
    };
    const first = analyzeInterview(input);
    const second = analyzeInterview(structuredClone(input));
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  describe('empty interview', () => {
    it.each([
      ['no answers', []],
      ['blank answers', ['', '   ', '\n\t']],
      ['answers without any word', ['🙂', '...', '?!']],
    ])('gives a valid low result for %s', (_name, answers) => {
      const r = run(answers);
      expectValid(r);
      for (const score of [r.overall_score, r.communication_score, r.technical_score, r.cultural_fit_score]) {
        expect(score).toBeLessThanOrEqual(10);
      }
      expect(r.summary).toContain('No answers were given');
      expect(r.strengths).toBe('None observed.');
      expect(r.weaknesses).toContain('No answers were given');
    });

    it('cites how many questions went unanswered', () => {
      expect(run(['', '']).weaknesses).toContain('0 of 2 questions answered');
    });

    it('does not score a transcript without answers', () => {
      const r = run([], { transcript: 'I used TypeScript and Docker with my team.' });
      expect(r.overall_score).toBe(0);
      expect(r.summary).toContain('A transcript alone is not scored.');
    });
  });

  describe('fillers in other languages', () => {
    it('counts Turkish fillers, including upper-case İ and keyboard-less spellings, but not "bir şey"', () => {
      const r = run([
        'Şey, yani bu projede bir şey öğrendim. İŞTE aslinda YANİ ekiple birlikte çalıştık ve ben çok şey gördüm. ' +
          'Sonra hani falan filan derken bitti.',
      ]);
      expect(r.weaknesses).toMatch(/7 filler words \([\d.]+ per 100 words\): yani ×2, aslında ×1, falan filan ×1, hani ×1 and 2 more\./);
    });

    it('does not count Turkish "ben" (I) as the French filler "ben"', () => {
      const tr = run(['Ben bu projede ekip lideriydim ve ben her gün kod yazdım, çünkü bu iş için çok önemliydi.']);
      expect(tr.strengths).toContain('No filler words.');
      const fr = run(['Ben, je pense que le projet est bien, et nous avons livré la version pour les clients.']);
      expect(fr.weaknesses).toMatch(/1 filler word \([\d.]+ per 100 words\): ben ×1\./);
    });

    it('counts French fillers, including phrases', () => {
      const r = run(['Euh, du coup, en fait je pense que le projet était bien, quoi. Euh, voilà, du coup nous avons livré.']);
      expect(r.weaknesses).toMatch(/7 filler words \([\d.]+ per 100 words\): du coup ×2, euh ×2, en fait ×1, quoi ×1 and 1 more\./);
    });
  });

  describe('whole-word matching', () => {
    it('finds no fillers inside other words', () => {
      const r = run([
        'It is likely that an alike error appeared on the bench, and pourquoi was the French log message. The erratic ' +
          'behaviour of the umbrella service was basic to understand, and the kindness of the team helped.',
      ]);
      expect(r.strengths).toContain('No filler words.');
    });

    it('reads "like" as a verb or comparison after I, looks, feel and similar words', () => {
      const r = run(['I like TypeScript and it looks like the compiler catches bugs. I would like to feel like an owner.']);
      expect(r.strengths).toContain('No filler words.');
    });

    it('does not take "what kind of" for the filler "kind of"', () => {
      expect(run(['What kind of database would fit this workload is the question I asked the team.']).strengths).toContain(
        'No filler words.',
      );
      expect(run(['It was kind of slow, and the team wanted a faster database for the reports.']).weaknesses).toContain(
        'kind of ×1',
      );
    });

    it('does not match the skill Java inside JavaScript', () => {
      const r = analyzeInterview({ answers: ['I write JavaScript every day and Javascript tooling too.'], job: { ...job, skills: ['Java'] } });
      expect(r.weaknesses).toContain('Mentioned none of the 1 required skill (Java).');
    });

    it('matches skills with punctuation literally: Node.js, C++, C#, CI/CD', () => {
      const skills = ['Node.js', 'C++', 'C#', 'CI/CD'];
      const r = analyzeInterview({
        answers: ['I wrote services in Node.js, a parser in C++ and tooling in C#, all shipped through CI/CD.'],
        job: { ...job, skills },
      });
      expect(r.strengths).toContain('Covered all 4 required skills');
      const none = analyzeInterview({ answers: ['I wrote services in node, a parser in C and tooling in C sharp.'], job: { ...job, skills: ['C++', 'C#'] } });
      expect(none.weaknesses).toContain('Mentioned none of the 2 required skills');
    });

    it('counts a skill that is also a common word only when capitalised', () => {
      const goJob: AnalysisJob = { ...job, skills: ['Go'] };
      expect(analyzeInterview({ answers: ['I go to the office and write code.'], job: goJob }).summary).toContain('Mentioned none');
      expect(analyzeInterview({ answers: ['I write Go at work.'], job: goJob }).summary).toContain('Covered 1 of 1');
    });

    it('matches Turkish suffixes after an apostrophe', () => {
      const r = run(["Kafka'yı ve Docker'ı kullandık, PostgreSQL'de indeks ekledik."]);
      expect(r.summary).toContain('Covered 3 of 4 required skills');
    });
  });

  describe('transcript', () => {
    it('adds technical evidence without changing communication', () => {
      const without = run(neutral);
      const withTranscript = run(neutral, { transcript: 'We ran TypeScript services on PostgreSQL, shipped with Docker, and 40% of events go through Kafka.' });
      expect(withTranscript.technical_score).toBeGreaterThan(without.technical_score);
      expect(withTranscript.communication_score).toBe(without.communication_score);
      expect(withTranscript.summary).toContain('and a transcript');
      expect(withTranscript.summary).toContain('Covered 4 of 4 required skills');
    });

    it('does not count signals twice when the transcript repeats the answers', () => {
      const answers = [...neutral, 'We built it together and I led the team; I was excited to learn.'];
      const once = run(answers);
      const repeated = run(answers, { transcript: answers.join(' ') });
      expect(repeated.cultural_fit_score).toBe(once.cultural_fit_score);
      expect(repeated.technical_score).toBe(once.technical_score);
    });
  });

  describe('texts', () => {
    it('cite the average length, filler counts and missing numbers', () => {
      const r = run(['Um, like, I did it, like, you know, it was fine and so on.', 'Um, like, it was good, I think, um, yes.']);
      expect(r.summary).toMatch(/Analysed 2 answers \(average \d+ words\)/);
      expect(r.weaknesses).toMatch(/Average answer length \d+ words, below the 40–180 word ideal\./);
      expect(r.weaknesses).toMatch(/filler words \([\d.]+ per 100 words\): like ×3, um ×3, you know ×1\./);
      expect(r.weaknesses).toContain('Mentioned no numbers or measurable results.');
      expect(r.weaknesses).toContain('Mentioned none of the 4 required skills (Docker, Kafka, PostgreSQL, TypeScript).');
    });

    it('order cited lists by count, then alphabetically', () => {
      const r = run(['We used Kafka, Kafka, Docker, Docker and TypeScript; then we tuned PostgreSQL, we measured, we shipped.']);
      expect(r.summary).toContain('Covered 4 of 4 required skills (Docker, Kafka, PostgreSQL, TypeScript).');
      expect(r.strengths).toMatch(/Collaboration signals ×4 \(we ×4\)/);
    });

    it('stay short when everything is observed many times', () => {
      const r = run(Array.from({ length: 60 }, (_, i) => `First, I led team ${i}; we used Docker, um, like, and Kafka ${i} times because it was 20% faster in 3 days.`));
      expectValid(r);
    });
  });

  it('analyses 100 answers of 80 words 50 times in under a second', () => {
    const vocabulary = (
      'first we migrated the billing service to TypeScript because the old code was hard to test I led the work with ' +
      'two colleagues and um we cut latency by 35% in 3 weeks using PostgreSQL indexes and Docker images for example ' +
      'the nightly report went from 40 minutes to 6 minutes which the team loved like'
    ).split(' ');
    const answers = Array.from({ length: 100 }, (_, i) =>
      Array.from({ length: 80 }, (_, k) => vocabulary[(i + k) % vocabulary.length]).join(' '),
    );
    const started = performance.now();
    for (let i = 0; i < 50; i++) analyzeInterview({ answers, job });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
