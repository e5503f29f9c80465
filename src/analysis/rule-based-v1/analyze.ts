import * as R from './rules';

export interface AnalysisJob {
  title: string;
  description: string;
  skills: string[];
}

export interface AnalysisInput {
  answers: string[];
  transcript?: string | null;
  job: AnalysisJob;
}

export interface AnalysisScores {
  overall_score: number;
  communication_score: number;
  technical_score: number;
  cultural_fit_score: number;
}

export interface AnalysisResult extends AnalysisScores {
  summary: string;
  strengths: string;
  weaknesses: string;
  model_used: 'rule-based-v1';
}

// ---------------------------------------------------------------- tokenisation

// Global copy for exec() loops; the exported pattern stays non-global so nobody shares its lastIndex.
const WORD_RE = new RegExp(R.WORD_PATTERN.source, 'gu');
const SENTENCE_END = new Set([...R.SENTENCE_END_CHARS].map((c) => c.charCodeAt(0)));

const F_NUMBER = 1;
const F_PERCENT = 2;
const F_ENUMERATOR = 4;
const F_TECH = 8;
const F_CAPITAL = 16;

interface Tokens {
  /** lower-cased words */
  words: string[];
  /** words as written */
  orig: string[];
  flags: number[];
  sentences: number;
}

// Hot-loop rule values as plain locals (module namespace reads are getter calls once transpiled).
const ACRONYM_TOKEN = R.ACRONYM_TOKEN;
const CAMEL_CASE_TOKEN = R.CAMEL_CASE_TOKEN;
const GLUED_DURATION = R.GLUED_DURATION;
const MIN_PREFIX_LENGTH = R.MIN_PREFIX_LENGTH;
const KEYWORD_MIN_LENGTH = R.KEYWORD_MIN_LENGTH;
const KEYWORD_STEM_LENGTH = R.KEYWORD_STEM_LENGTH;
const ACRONYM_STOP = new Set(R.ACRONYM_STOPLIST);
const STARTS_WITH_DIGIT = /^\p{N}/u;
const WHITESPACE_RUN = /\s+/g;

function prepare(text: string): string {
  const nfc = text.normalize('NFC');
  // "İ".toLowerCase() is "i" + a combining dot, which would match nothing; "I" lower-cases to a plain "i".
  return nfc.includes('İ') ? nfc.replaceAll('İ', 'I') : nfc;
}

function tokenize(raw: string): Tokens {
  const text = prepare(raw);
  const words: string[] = [];
  const orig: string[] = [];
  const flags: number[] = [];
  let sentences = 0;
  let upperWords = 0;
  let prevEnd = 0;
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m !== null; m = WORD_RE.exec(text)) {
    const o = m[0];
    const start = m.index;
    const end = start + o.length;
    let boundary = words.length === 0;
    for (let k = prevEnd; k < start && !boundary; k++) if (SENTENCE_END.has(text.charCodeAt(k))) boundary = true;
    if (boundary) sentences++;
    const w = o.toLowerCase();
    let f = 0;
    const c = o.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      f |= F_NUMBER;
      if (text[end] === '%' || (text[end] === ' ' && text[end + 1] === '%')) f |= F_PERCENT;
      else if (text[start - 1] === '%' || (text[start - 1] === ' ' && text[start - 2] === '%')) f |= F_PERCENT;
      else if (boundary && o.length <= 2 && (text[end] === '.' || text[end] === ')')) f |= F_ENUMERATOR;
    } else if (w !== o) {
      f |= F_CAPITAL;
      if (o.length > 1 && o === o.toUpperCase()) upperWords++;
      if ((ACRONYM_TOKEN.test(o) || CAMEL_CASE_TOKEN.test(o)) && !ACRONYM_STOP.has(o)) f |= F_TECH;
    }
    words.push(w);
    orig.push(o);
    flags.push(f);
    prevEnd = end;
  }
  if (upperWords > words.length * R.MAX_UPPERCASE_SHARE_FOR_ACRONYMS) {
    for (let i = 0; i < flags.length; i++) flags[i] &= ~F_TECH;
  }
  return { words, orig, flags, sentences };
}

/** Lower-cased tokens of a list entry or a skill, as the tokenizer would see them in an answer. */
function plainTokens(text: string): string[] {
  return tokenize(text).words;
}

function accentFree(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replaceAll('ı', 'i');
}

// ---------------------------------------------------------------- compiled word lists

const CAT_FILLER = 0;
const CAT_MARKER = 1;
const CAT_COLLABORATION = 2;
const CAT_OWNERSHIP = 3;
const CAT_MOTIVATION = 4;
const CAT_HINT = 5;
const CATEGORY_COUNT = 6;

interface Entry {
  cat: number;
  label: string;
  words: string[];
  prefix: boolean[];
  notAfter: ReadonlySet<string> | null;
  lang: R.Language | null;
  /** prefix entries report the word actually said ("teammates"), not the stem */
  reportsSurface: boolean;
}

const EXACT_INDEX = new Map<string, Entry[]>();
const PREFIX_INDEX = new Map<string, Entry[]>();
const NO_VARIANT = new Set(R.NO_ACCENT_FREE_VARIANT);

function parseEntry(spelling: string): { words: string[]; prefix: boolean[] } {
  const words: string[] = [];
  const prefix: boolean[] = [];
  for (const part of spelling.split(WHITESPACE_RUN)) {
    if (part === '') continue;
    const star = part.endsWith('*');
    const toks = plainTokens(star ? part.slice(0, -1) : part);
    toks.forEach((t, k) => {
      words.push(t);
      prefix.push(star && k === toks.length - 1);
    });
  }
  return { words, prefix };
}

function addEntry(cat: number, label: string, spelling: string, lang: R.Language | null, notAfter: ReadonlySet<string> | null) {
  const { words, prefix } = parseEntry(spelling);
  if (words.length === 0 || (prefix[0] && (words.length > 1 || words[0].length < MIN_PREFIX_LENGTH))) return;
  const entry: Entry = { cat, label, words, prefix, notAfter, lang, reportsSurface: prefix.includes(true) };
  const index = prefix[0] ? PREFIX_INDEX : EXACT_INDEX;
  const key = prefix[0] ? words[0].slice(0, MIN_PREFIX_LENGTH) : words[0];
  const list = index.get(key);
  if (list === undefined) index.set(key, [entry]);
  else list.push(entry);
}

const LONE_I = /(^| )i(?= |$)/g;

function addList(cat: number, lists: Readonly<Record<R.Language, readonly string[]>>, withLanguage: boolean) {
  for (const lang of ['en', 'tr', 'fr'] as const) {
    for (const raw of lists[lang]) {
      const key = raw.toLowerCase();
      const label = key.replace(LONE_I, '$1I');
      const notAfterList = cat === CAT_FILLER ? R.FILLER_NOT_AFTER[key] : undefined;
      const notAfter = notAfterList === undefined ? null : new Set(notAfterList.flatMap(plainTokens).flatMap((w) => [w, accentFree(w)]));
      const entryLang = withLanguage ? lang : cat === CAT_FILLER ? (R.FILLER_ONLY_IN_LANGUAGE[key] ?? null) : null;
      addEntry(cat, label, key, entryLang, notAfter);
      const folded = accentFree(key);
      if (folded !== key && !NO_VARIANT.has(key)) addEntry(cat, label, folded, entryLang, notAfter);
    }
  }
}

addList(CAT_FILLER, R.FILLERS, false);
addList(CAT_MARKER, R.STRUCTURE_MARKERS, false);
addList(CAT_MARKER, R.STAR_MARKERS, false);
addList(CAT_COLLABORATION, R.COLLABORATION_SIGNALS, false);
addList(CAT_OWNERSHIP, R.OWNERSHIP_SIGNALS, false);
addList(CAT_MOTIVATION, R.MOTIVATION_SIGNALS, false);
addList(CAT_HINT, R.LANGUAGE_HINTS, true);
// Longest phrase first, so "falan filan" wins over "falan" and "as a result" over "result".
for (const index of [EXACT_INDEX, PREFIX_INDEX]) {
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
}

const TOOLS = new Map<string, string>(R.KNOWN_TOOLS.map((t) => [t.toLowerCase(), t]));
const COMMON_WORDS = new Set(R.COMMON_WORD_NAMES);
const DURATION_UNITS = new Set(R.DURATION_UNITS.flatMap(plainTokens));
const PERCENT_AFTER = R.PERCENT_WORDS.map(plainTokens);
const PERCENT_BEFORE = new Set(R.PERCENT_PREFIX_WORDS.flatMap(plainTokens));
const STOP_WORDS = new Set(
  Object.values(R.STOP_WORDS)
    .flat()
    .flatMap((w) => [w, accentFree(w)]),
);

// ---------------------------------------------------------------- job patterns (per call)

interface SkillPattern {
  skill: number;
  words: string[];
  needsCapital: boolean;
}

interface JobPatterns {
  skills: string[];
  skillIndex: Map<string, SkillPattern[]>;
  keywords: string[];
  keywordIndex: Map<string, number>;
}

function keywordKey(w: string): string {
  if (w.length > KEYWORD_STEM_LENGTH) return w.slice(0, KEYWORD_STEM_LENGTH);
  return w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function compileJob(job: AnalysisJob): JobPatterns {
  const skills: string[] = [];
  const skillIndex = new Map<string, SkillPattern[]>();
  const skillWords = new Set<string>();
  const seen = new Set<string>();
  for (const rawSkill of job.skills) {
    const display = clip(rawSkill.trim().replace(WHITESPACE_RUN, ' '), 40);
    const words = plainTokens(display);
    const key = words.join(' ');
    if (words.length === 0 || seen.has(key)) continue;
    seen.add(key);
    const skill = skills.length;
    skills.push(display);
    const spellings = [display, ...(R.SKILL_ALIASES[display.toLowerCase()] ?? [])];
    // "Vue.js" is also written "Vue" and "VueJS".
    if (words.length === 1 && words[0].endsWith('.js')) spellings.push(words[0].slice(0, -3), words[0].replace('.js', 'js'));
    const variants = new Set<string>();
    for (const spelling of spellings) {
      const toks = plainTokens(spelling);
      const variantKey = toks.join(' ');
      if (toks.length === 0 || variants.has(variantKey)) continue;
      variants.add(variantKey);
      toks.forEach((t) => skillWords.add(t));
      const pattern: SkillPattern = { skill, words: toks, needsCapital: toks.length === 1 && COMMON_WORDS.has(toks[0]) };
      const list = skillIndex.get(toks[0]);
      if (list === undefined) skillIndex.set(toks[0], [pattern]);
      else list.push(pattern);
    }
  }

  const weights = new Map<string, { weight: number; forms: Map<string, number> }>();
  const addKeywords = (text: string, weight: number) => {
    for (const w of plainTokens(text)) {
      if (w.length < KEYWORD_MIN_LENGTH || STOP_WORDS.has(w) || skillWords.has(w) || STARTS_WITH_DIGIT.test(w)) continue;
      const key = keywordKey(w);
      let slot = weights.get(key);
      if (slot === undefined) {
        slot = { weight: 0, forms: new Map() };
        weights.set(key, slot);
      }
      slot.weight += weight;
      slot.forms.set(w, (slot.forms.get(w) ?? 0) + 1);
    }
  };
  addKeywords(job.title, R.TITLE_KEYWORD_WEIGHT);
  addKeywords(job.description, 1);
  const ranked = [...weights.entries()]
    .map(([key, slot]) => ({ key, weight: slot.weight, form: byCountThenName([...slot.forms.entries()])[0][0] }))
    .sort((a, b) => b.weight - a.weight || compareText(a.form, b.form))
    .slice(0, R.MAX_JOB_KEYWORDS);
  const keywords = ranked.map((k) => k.form);
  const keywordIndex = new Map(ranked.map((k, i) => [k.key, i]));
  return { skills, skillIndex, keywords, keywordIndex };
}

// ---------------------------------------------------------------- evidence

type Counter = Map<string, number>;

function bump(counter: Counter, key: string, by = 1) {
  counter.set(key, (counter.get(key) ?? 0) + by);
}

interface AnswerStats {
  words: number;
  contentWords: number;
  fillers: number;
  sentences: number;
}

interface Evidence {
  fillers: Counter;
  markers: Counter;
  cultural: [Counter, Counter, Counter];
  tools: Map<string, string>;
  numbers: Set<string>;
  percentages: Set<string>;
  durations: Set<string>;
  skillMentions: number[];
  keywordHits: Set<number>;
}

function newEvidence(skillCount: number): Evidence {
  return {
    fillers: new Map(),
    markers: new Map(),
    cultural: [new Map(), new Map(), new Map()],
    tools: new Map(),
    numbers: new Set(),
    percentages: new Set(),
    durations: new Set(),
    skillMentions: new Array<number>(skillCount).fill(0),
    keywordHits: new Set(),
  };
}

function entryMatches(e: Entry, words: string[], i: number): boolean {
  if (i + e.words.length > words.length) return false;
  for (let k = 0; k < e.words.length; k++) {
    const w = words[i + k];
    if (e.prefix[k] ? !w.startsWith(e.words[k]) : w !== e.words[k]) return false;
  }
  return e.notAfter === null || i === 0 || !e.notAfter.has(words[i - 1]);
}

/** Scans one text once; answer-only statistics are returned, evidence is added to `ev`. */
function scan(tokens: Tokens, job: JobPatterns, ev: Evidence, isAnswer: boolean): AnswerStats {
  const { words, orig, flags } = tokens;
  const n = words.length;
  const nextFree = new Array<number>(CATEGORY_COUNT).fill(0);
  const hints = [0, 0, 0];
  let fillerCount = 0;
  let fillerWords = 0;
  const restricted: Entry[] = [];

  const record = (e: Entry, i: number) => {
    nextFree[e.cat] = i + e.words.length;
    switch (e.cat) {
      case CAT_FILLER:
        if (!isAnswer) return;
        if (e.lang !== null) {
          restricted.push(e);
          return;
        }
        fillerCount++;
        fillerWords += e.words.length;
        bump(ev.fillers, e.label);
        return;
      case CAT_MARKER:
        if (isAnswer) bump(ev.markers, e.label);
        return;
      case CAT_HINT:
        hints[e.lang === 'en' ? 0 : e.lang === 'tr' ? 1 : 2]++;
        return;
      default:
        bump(ev.cultural[e.cat - CAT_COLLABORATION], e.reportsSurface ? words.slice(i, i + e.words.length).join(' ') : e.label);
    }
  };
  const tryEntries = (list: Entry[], i: number) => {
    for (const e of list) if (i >= nextFree[e.cat] && entryMatches(e, words, i)) record(e, i);
  };

  for (let i = 0; i < n; i++) {
    const w = words[i];
    const f = flags[i];
    const exact = EXACT_INDEX.get(w);
    if (exact !== undefined) tryEntries(exact, i);
    if (w.length >= MIN_PREFIX_LENGTH) {
      const byPrefix = PREFIX_INDEX.get(w.slice(0, MIN_PREFIX_LENGTH));
      if (byPrefix !== undefined) tryEntries(byPrefix, i);
    }

    const skillPatterns = job.skillIndex.get(w);
    if (skillPatterns !== undefined) {
      for (const p of skillPatterns) {
        if (p.needsCapital && (f & F_CAPITAL) === 0) continue;
        let ok = i + p.words.length <= n;
        for (let k = 1; ok && k < p.words.length; k++) ok = words[i + k] === p.words[k];
        if (ok) ev.skillMentions[p.skill]++;
      }
    }
    if (job.keywordIndex.size > 0 && w.length >= KEYWORD_MIN_LENGTH) {
      const hit = job.keywordIndex.get(keywordKey(w));
      if (hit !== undefined) ev.keywordHits.add(hit);
    }

    if ((f & F_NUMBER) !== 0) {
      if ((f & F_ENUMERATOR) === 0) ev.numbers.add(w);
      let percent = (f & F_PERCENT) !== 0 || (i > 0 && PERCENT_BEFORE.has(words[i - 1]));
      for (let p = 0; !percent && p < PERCENT_AFTER.length; p++) {
        const seq = PERCENT_AFTER[p];
        percent = seq.every((t, k) => words[i + 1 + k] === t);
      }
      if (percent) ev.percentages.add(w);
      if (i + 1 < n && DURATION_UNITS.has(words[i + 1])) ev.durations.add(`${w} ${words[i + 1]}`);
      else if (GLUED_DURATION.test(w)) ev.durations.add(w);
      continue;
    }
    const tool = TOOLS.get(w);
    if (tool !== undefined) {
      if (!COMMON_WORDS.has(w) || (f & F_CAPITAL) !== 0) {
        if (!ev.tools.has(w)) ev.tools.set(w, tool);
      }
    } else if ((f & F_TECH) !== 0 && !ev.tools.has(w) && !EXACT_INDEX.has(w) && !STOP_WORDS.has(w)) {
      // The last two checks keep shouted ordinary words ("YANI", "THE") from passing as acronyms.
      ev.tools.set(w, orig[i]);
    }
  }

  if (restricted.length > 0) {
    const best = Math.max(...hints);
    const winners = hints.filter((h) => h === best).length;
    const lang: R.Language | null = best === 0 || winners > 1 ? null : hints[0] === best ? 'en' : hints[1] === best ? 'tr' : 'fr';
    for (const entry of restricted) {
      if (entry.lang !== lang) continue;
      fillerCount++;
      fillerWords += entry.words.length;
      bump(ev.fillers, entry.label);
    }
  }
  return { words: n, contentWords: n - fillerWords, fillers: fillerCount, sentences: tokens.sentences };
}

// ---------------------------------------------------------------- scoring helpers

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

function score(x: number): number {
  const v = Number.isFinite(x) ? Math.min(100, Math.max(0, x)) : 0;
  return Math.round(v * 10) / 10;
}

function saturate(count: number, halfAt: number): number {
  return 1 - Math.pow(0.5, count / halfAt);
}

function lengthScore(words: number): number {
  const { min, max } = R.IDEAL_ANSWER_WORDS;
  if (words < min) return Math.pow(words / min, R.SHORT_ANSWER_EXPONENT);
  if (words <= max) return 1;
  return Math.max(R.LONG_ANSWER_FLOOR, 1 - (words - max) / R.LONG_ANSWER_DECAY_WORDS);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byCountThenName(entries: [string, number][]): [string, number][] {
  return entries.sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
}

function listItems(items: string[]): string {
  const shown = items.slice(0, R.MAX_LISTED_ITEMS).join(', ');
  return items.length > R.MAX_LISTED_ITEMS ? `${shown} and ${items.length - R.MAX_LISTED_ITEMS} more` : shown;
}

function listCounts(counter: Counter): string {
  return listItems(byCountThenName([...counter.entries()]).map(([k, v]) => `${k} ×${v}`));
}

function total(counter: Counter): number {
  let sum = 0;
  for (const v of counter.values()) sum += v;
  return sum;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Joins sentences grouped by area within the length limit. Sentences are admitted round-robin (each
 * area's first, then each area's second…) so a long technical list cannot crowd out the other areas,
 * and printed in area order.
 */
function joinSentences(groups: string[][], fallback: string): string {
  const admitted = groups.map((g) => g.map(() => false));
  let length = -1;
  const deepest = Math.max(0, ...groups.map((g) => g.length));
  for (let rank = 0; rank < deepest; rank++) {
    groups.forEach((g, a) => {
      if (rank < g.length && length + 1 + g[rank].length <= R.MAX_TEXT_LENGTH) {
        admitted[a][rank] = true;
        length += 1 + g[rank].length;
      }
    });
  }
  const out = groups.flatMap((g, a) => g.filter((_, rank) => admitted[a][rank]));
  if (out.length > 0) return out.join(' ');
  const first = groups.find((g) => g.length > 0);
  return first === undefined ? fallback : clip(first[0], R.MAX_TEXT_LENGTH);
}

function fmt(x: number): string {
  return x.toFixed(1);
}

// ---------------------------------------------------------------- analysis

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function emptyResult(questionCount: number, hasTranscript: boolean): AnalysisResult {
  const answered = questionCount > 0 ? ` (0 of ${plural(questionCount, 'question')} answered)` : '';
  const transcript = hasTranscript ? ' A transcript alone is not scored.' : '';
  return {
    overall_score: 0,
    communication_score: 0,
    technical_score: 0,
    cultural_fit_score: 0,
    summary: `No answers were given, so the interview could not be assessed.${transcript}`,
    strengths: 'None observed.',
    weaknesses: `No answers were given${answered}; communication, technical skills and cultural fit could not be observed.`,
    model_used: R.MODEL_NAME,
  };
}

export function analyzeInterview(input: AnalysisInput): AnalysisResult {
  const source: Partial<AnalysisInput> = typeof input === 'object' && input !== null ? input : {};
  const answers = strings(source.answers);
  const transcript = text(source.transcript);
  const rawJob: Partial<AnalysisJob> = typeof source.job === 'object' && source.job !== null ? source.job : {};
  const job = compileJob({ title: text(rawJob.title), description: text(rawJob.description), skills: strings(rawJob.skills) });

  const answerTokens = answers.map(tokenize);
  if (answerTokens.every((t) => t.words.length === 0)) return emptyResult(answers.length, transcript.trim() !== '');

  const ev = newEvidence(job.skills.length);
  const stats = answerTokens.map((t) => scan(t, job, ev, true));
  if (transcript.trim() !== '') {
    // Per-signal maximum, not sum: a transcript usually repeats the answers and must not count them twice.
    const fromTranscript = newEvidence(job.skills.length);
    fromTranscript.tools = ev.tools;
    fromTranscript.numbers = ev.numbers;
    fromTranscript.percentages = ev.percentages;
    fromTranscript.durations = ev.durations;
    fromTranscript.keywordHits = ev.keywordHits;
    scan(tokenize(transcript), job, fromTranscript, false);
    fromTranscript.skillMentions.forEach((c, i) => (ev.skillMentions[i] = Math.max(ev.skillMentions[i], c)));
    ev.cultural.forEach((counter, k) => {
      for (const [label, c] of fromTranscript.cultural[k]) counter.set(label, Math.max(counter.get(label) ?? 0, c));
    });
  }

  // -------- communication
  const n = answers.length;
  const answered = stats.filter((s) => s.words > 0).length;
  const substantive = stats.filter((s) => s.contentWords >= R.TRIVIAL_ANSWER_WORDS);
  const totalWords = stats.reduce((a, s) => a + s.words, 0);
  const contentWords = stats.reduce((a, s) => a + s.contentWords, 0);
  const fillerCount = total(ev.fillers);
  const markerCount = total(ev.markers);
  const avgWords = contentWords / n;
  const avgSentences = substantive.length === 0 ? 0 : substantive.reduce((a, s) => a + s.sentences, 0) / substantive.length;
  const fillersPer100 = totalWords === 0 ? 0 : (fillerCount * 100) / totalWords;
  const shares = {
    length: stats.reduce((a, s) => a + lengthScore(s.contentWords), 0) / n,
    completeness: substantive.length / n,
    markers: clamp01(markerCount / n / R.MARKERS_PER_ANSWER_FOR_FULL),
    sentences: clamp01(avgSentences / R.SENTENCES_PER_ANSWER_FOR_FULL),
    fluency:
      contentWords === 0
        ? 0
        : clamp01(1 - Math.max(0, fillersPer100 - R.FILLER_DENSITY.allowancePer100) / (R.FILLER_DENSITY.atZeroPer100 - R.FILLER_DENSITY.allowancePer100)),
  };
  const P = R.COMMUNICATION_POINTS;
  const communication = score(
    P.length * clamp01(shares.length) +
      P.completeness * shares.completeness +
      P.markers * shares.markers +
      P.sentences * shares.sentences +
      P.fluency * shares.fluency,
  );

  // -------- technical
  const coveredSkills = byCountThenName(
    job.skills.map((s, i): [string, number] => [s, ev.skillMentions[i]]).filter(([, c]) => c > 0),
  ).map(([s]) => s);
  const missingSkills = job.skills.filter((_, i) => ev.skillMentions[i] === 0).sort(compareText);
  const matchedKeywords = job.keywords.filter((_, i) => ev.keywordHits.has(i));
  const tools = [...ev.tools.values()].sort(compareText);
  const W = R.SPECIFICITY_WEIGHTS;
  const specificityItems =
    ev.numbers.size * W.number + ev.percentages.size * W.percentageBonus + ev.durations.size * W.durationBonus + tools.length * W.tool;
  const T = R.TECHNICAL_POINTS;
  const technicalParts: { points: number; share: number }[] = [
    { points: T.specificity, share: clamp01(specificityItems / (answered * R.SPECIFICITY_ITEMS_PER_ANSWER_FOR_FULL)) },
  ];
  const skillShare = job.skills.length === 0 ? 0 : coveredSkills.length / job.skills.length;
  const keywordShare = job.keywords.length === 0 ? 0 : clamp01(matchedKeywords.length / job.keywords.length / R.KEYWORD_COVERAGE_FOR_FULL);
  if (job.skills.length > 0) technicalParts.push({ points: T.skills, share: skillShare });
  if (job.keywords.length > 0) technicalParts.push({ points: T.keywords, share: keywordShare });
  const technicalPoints = technicalParts.reduce((a, p) => a + p.points, 0);
  const technical = score((technicalParts.reduce((a, p) => a + p.points * p.share, 0) * 100) / technicalPoints);

  // -------- cultural fit
  const [collaboration, ownership, motivation] = ev.cultural;
  const counts = { collaboration: total(collaboration), ownership: total(ownership), motivation: total(motivation) };
  const C = R.CULTURAL_POINTS;
  const H = R.CULTURAL_HALF_AT;
  const culturalShares = {
    collaboration: saturate(counts.collaboration, H.collaboration),
    ownership: saturate(counts.ownership, H.ownership),
    motivation: saturate(counts.motivation, H.motivation),
  };
  const balanced = counts.collaboration > 0 && counts.ownership > 0;
  const cultural = score(
    C.collaboration * culturalShares.collaboration +
      C.ownership * culturalShares.ownership +
      C.motivation * culturalShares.motivation +
      (balanced ? C.balance : 0),
  );

  const O = R.OVERALL_WEIGHTS;
  const overall = score(communication * O.communication + technical * O.technical + cultural * O.culturalFit);

  // -------- texts, grouped by area in the order of the weights: technical, communication, cultural fit
  const strengths: string[][] = [[], [], []];
  const weaknesses: string[][] = [[], [], []];
  const [techStrong, commStrong, cultStrong] = strengths;
  const [techWeak, commWeak, cultWeak] = weaknesses;
  const { min, max } = R.IDEAL_ANSWER_WORDS;
  const skillCount = job.skills.length;
  const ofSkills = `${plural(skillCount, 'required skill')}`;

  if (skillCount > 0) {
    if (coveredSkills.length === skillCount) techStrong.push(`Covered all ${ofSkills} (${listItems(coveredSkills)}).`);
    else if (skillShare >= 0.5) {
      techStrong.push(`Covered ${coveredSkills.length} of ${ofSkills} (${listItems(coveredSkills)}).`);
      techWeak.push(`Did not mention ${listItems(missingSkills)} (${missingSkills.length} of ${ofSkills}).`);
    } else if (coveredSkills.length > 0) {
      techWeak.push(`Covered only ${coveredSkills.length} of ${ofSkills} (${listItems(coveredSkills)}); missing ${listItems(missingSkills)}.`);
    } else techWeak.push(`Mentioned none of the ${ofSkills} (${listItems(missingSkills)}).`);
  }
  const numberDetail: string[] = [];
  if (ev.percentages.size > 0) numberDetail.push(plural(ev.percentages.size, 'percentage'));
  if (ev.durations.size > 0) numberDetail.push(plural(ev.durations.size, 'duration'));
  const numbersText = `${plural(ev.numbers.size, 'number')}${numberDetail.length > 0 ? ` (incl. ${numberDetail.join(', ')})` : ''}`;
  const toolsText = tools.length > 0 ? `${plural(tools.length, 'named tool')} (${listItems(tools)})` : 'no named tools';
  const specificityShare = technicalParts[0].share;
  if (specificityShare >= R.STRENGTH_SHARE) {
    const details = [ev.numbers.size > 0 ? numbersText : '', tools.length > 0 ? toolsText : ''].filter((d) => d !== '');
    techStrong.push(`Gave concrete details: ${details.join(' and ')}.`);
  }
  if (ev.numbers.size === 0) techWeak.push('Mentioned no numbers or measurable results.');
  else if (specificityShare <= R.WEAKNESS_SHARE) {
    techWeak.push(`Few concrete details: ${numbersText} and ${toolsText} in ${plural(answered, 'answer')}.`);
  }
  if (tools.length === 0) techWeak.push('Named no specific tools or technologies.');
  if (job.keywords.length > 0) {
    const used = `${matchedKeywords.length} of ${job.keywords.length} job keywords`;
    if (keywordShare >= R.STRENGTH_SHARE) techStrong.push(`Used ${used} (${listItems(matchedKeywords)}).`);
    else if (keywordShare <= R.WEAKNESS_SHARE) {
      techWeak.push(`Used ${used}; missing ${listItems(job.keywords.filter((_, i) => !ev.keywordHits.has(i)))}.`);
    }
  }

  const avgText = `Average answer length ${Math.round(avgWords)} words`;
  if (avgWords < min) commWeak.push(`${avgText}, below the ${min}–${max} word ideal.`);
  else if (avgWords > max) commWeak.push(`${avgText}, above the ${min}–${max} word ideal.`);
  else commStrong.push(`${avgText}, within the ${min}–${max} word ideal.`);
  const trivial = n - substantive.length;
  if (trivial === 0) {
    const all = n === 1 ? 'The answer was' : `All ${n} answers were`;
    commStrong.push(`${all} substantive (at least ${R.TRIVIAL_ANSWER_WORDS} words).`);
  }
  else commWeak.push(`${trivial} of ${plural(n, 'answer')} ${trivial === 1 ? 'was' : 'were'} blank or under ${R.TRIVIAL_ANSWER_WORDS} words.`);
  const fillerText = `${plural(fillerCount, 'filler word')} (${fmt(fillersPer100)} per 100 words)`;
  if (fillerCount === 0) commStrong.push('No filler words.');
  else if (fillersPer100 <= R.FILLER_DENSITY.allowancePer100) commStrong.push(`Few filler words: ${fillerText}.`);
  else commWeak.push(`${fillerText}: ${listCounts(ev.fillers)}.`);
  if (markerCount === 0) commWeak.push('Used no structure markers (first, because, for example, result…).');
  else if (shares.markers >= R.STRENGTH_SHARE) commStrong.push(`Structured answers: ${plural(markerCount, 'structure marker')} (${listCounts(ev.markers)}).`);
  else if (shares.markers <= R.WEAKNESS_SHARE) commWeak.push(`Little structure: ${plural(markerCount, 'structure marker')} in ${plural(n, 'answer')}.`);

  const signals: [keyof typeof counts, Counter, string, string][] = [
    ['ownership', ownership, 'Ownership', 'I led, I built, took responsibility'],
    ['collaboration', collaboration, 'Collaboration', 'we, team, together, helped'],
    ['motivation', motivation, 'Motivation', 'excited, curious, learn'],
  ];
  for (const [key, counter, name, examples] of signals) {
    const c = counts[key];
    if (c === 0) cultWeak.push(`No ${name.toLowerCase()} signals (${examples}).`);
    else if (culturalShares[key] >= R.STRENGTH_SHARE) cultStrong.push(`${name} signals ×${c} (${listCounts(counter)}).`);
  }

  const areas: [string, number][] = [
    ['communication', communication],
    ['technical', technical],
    ['cultural fit', cultural],
  ];
  const strongest = areas.reduce((a, b) => (b[1] > a[1] ? b : a));
  const weakest = areas.reduce((a, b) => (b[1] < a[1] ? b : a));
  const summary: string[] = [
    `Analysed ${plural(n, 'answer')} (average ${Math.round(avgWords)} words)${transcript.trim() !== '' ? ' and a transcript' : ''}.`,
    `Overall ${fmt(overall)}/100: communication ${fmt(communication)}, technical ${fmt(technical)}, cultural fit ${fmt(cultural)}.`,
  ];
  if (strongest[1] !== weakest[1]) summary.push(`Strongest area: ${strongest[0]}; weakest: ${weakest[0]}.`);
  if (skillCount > 0) {
    summary.push(
      coveredSkills.length > 0
        ? `Covered ${coveredSkills.length} of ${ofSkills} (${listItems(coveredSkills)}).`
        : `Mentioned none of the ${ofSkills}.`,
    );
  }
  if (answered < n) summary.push(`${n - answered} of ${plural(n, 'answer')} blank.`);

  return {
    overall_score: overall,
    communication_score: communication,
    technical_score: technical,
    cultural_fit_score: cultural,
    summary: joinSentences([summary], 'No summary.'),
    strengths: joinSentences(strengths, 'None observed.'),
    weaknesses: joinSentences(weaknesses, 'None observed.'),
    model_used: R.MODEL_NAME,
  };
}
