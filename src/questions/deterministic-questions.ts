import { createHash } from 'node:crypto';
import { clip, InterviewQuestion, JobForQuestions, MAX_QUESTION_TEXT, MAX_QUESTIONS, MIN_QUESTIONS, QuestionCategory } from './question.types';

const MAX_SKILL_QUESTIONS = 4;
const MIN_TECHNICAL_QUESTIONS = 2;
const MAX_TITLE = 100;
const MAX_SKILL = 60;
const MAX_KEYWORD = 40;

const SKILL_TEMPLATES: ReadonlyArray<(skill: string) => string> = [
  (s) => `Describe a project where you used ${s}. What was your role and what was the outcome?`,
  (s) => `What is a hard problem you solved with ${s}, and how did you approach it?`,
  (s) => `How do you keep your ${s} work maintainable and well tested as a project grows?`,
  (s) => `What are common pitfalls with ${s}, and how have you avoided them in practice?`,
  (s) => `Walk us through how you would explain a key ${s} concept to a less experienced teammate.`,
  (s) => `Tell us about a decision where you chose ${s} over an alternative. What trade-offs did you weigh?`,
];

const KEYWORD_TEMPLATES: ReadonlyArray<(keyword: string) => string> = [
  (k) => `This role involves "${k}". What hands-on experience do you have with it, and what did you learn?`,
  (k) => `How would you approach the "${k}" part of this job in your first weeks?`,
];

const BEHAVIOURAL_QUESTIONS: readonly string[] = [
  'Tell us about a disagreement with a teammate. How did you resolve it, and what was the result?',
  'Describe a mistake you made at work. How did you take ownership of it and what changed afterwards?',
  'What motivates you in your work, and what kind of environment helps you do your best?',
  'Tell us about something you had to learn quickly. How did you go about it?',
  'Describe a time you received difficult feedback. How did you respond?',
  'How do you prioritise when several urgent tasks compete for your time?',
];

const STOP_WORDS = new Set(
  (
    'a about above after again all also an and any are as at be been being both but by can could did do does ' +
    'doing during each etc for from further had has have having he her here hers how i if in into is it its ' +
    'just more most must no nor not of off on once only or other our ours out over own per same she should so ' +
    'some such than that the their theirs them then there these they this those through to too under until up ' +
    'us very via was we were what when where which while who whom why will with within would you your yours ' +
    'able across ability etc eg ie new work working team role job candidate candidates looking join ' +
    'strong good great experience experienced years year plus using use used build building help ' +
    'responsible responsibilities requirements required skills skill knowledge including' +
    // A few Turkish stop words, because job ads are often written in Turkish.
    ' ve ile bir bu da de için olarak olan gibi daha çok en ya veya ama fakat ki mi ise her şu'
  ).split(/\s+/),
);

function stableHash(value: string): number {
  return createHash('sha256').update(value).digest().readUInt32BE(0);
}

function uniqueSkills(skills: unknown): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of Array.isArray(skills) ? skills : []) {
    const skill = clip(raw, MAX_SKILL);
    const key = skill.toLowerCase();
    if (!skill || seen.has(key)) continue;
    seen.add(key);
    result.push(skill);
  }
  return result;
}

/** Most frequent non-stop-words of the description; ties broken alphabetically. */
function salientKeywords(description: string, exclude: ReadonlySet<string>): string[] {
  const counts = new Map<string, { count: number; display: string }>();
  // Keeps tokens like "node.js", "c++" and "c#" intact; trailing sentence punctuation is stripped below.
  for (const match of description.matchAll(/[\p{L}\p{N}][\p{L}\p{N}+#.\-_]*/gu)) {
    const display = match[0].replace(/[.\-_]+$/, '');
    const key = display.toLowerCase();
    if (key.length < 3 || /^\d+$/.test(key) || STOP_WORDS.has(key) || exclude.has(key)) continue;
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { count: 1, display: clip(display, MAX_KEYWORD) });
  }
  return [...counts.entries()]
    .sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, entry]) => entry.display);
}

export function generateQuestions(job: JobForQuestions): InterviewQuestion[] {
  const title = clip(job?.title, MAX_TITLE);
  const description = typeof job?.description === 'string' ? job.description : '';
  const skills = uniqueSkills(job?.skills).slice(0, MAX_SKILL_QUESTIONS);

  const drafts: Array<{ category: QuestionCategory; text: string }> = [];
  const role = title ? `the ${title} role` : 'this role';
  drafts.push({
    category: 'role',
    text: `What draws you to ${role}, and what would you focus on in your first 90 days?`,
  });

  // Probing past already-used templates keeps wording different between skills of one job.
  const usedTemplates = new Set<number>();
  for (const skill of skills) {
    let index = stableHash(`${title.toLowerCase()}\u0000${skill.toLowerCase()}`) % SKILL_TEMPLATES.length;
    while (usedTemplates.has(index)) index = (index + 1) % SKILL_TEMPLATES.length;
    usedTemplates.add(index);
    drafts.push({ category: 'technical', text: SKILL_TEMPLATES[index](skill) });
  }

  if (skills.length < MIN_TECHNICAL_QUESTIONS) {
    const exclude = new Set(skills.map((s) => s.toLowerCase()));
    const keywords = salientKeywords(description, exclude).slice(0, MIN_TECHNICAL_QUESTIONS - skills.length);
    keywords.forEach((keyword, i) => {
      drafts.push({ category: 'technical', text: KEYWORD_TEMPLATES[i % KEYWORD_TEMPLATES.length](keyword) });
    });
  }

  const behaviouralCount = Math.min(
    MAX_QUESTIONS - drafts.length,
    Math.max(4, MIN_QUESTIONS - drafts.length),
  );
  for (const text of BEHAVIOURAL_QUESTIONS.slice(0, behaviouralCount)) {
    drafts.push({ category: 'behavioural', text });
  }

  return drafts.map((draft, i) => ({ id: `q${i + 1}`, category: draft.category, text: clip(draft.text, MAX_QUESTION_TEXT) }));
}
