export interface ParsedResume {
  name: string | null;
  email: string | null;
  phone: string | null;
  skills: string[];
  yearsExperience: number | null;
}

/** Skills recognised in every résumé, in canonical casing; the order is the order of `skills` in the result. */
export const SKILL_DICTIONARY: readonly string[] = [
  'TypeScript', 'JavaScript', 'Node.js', 'React', 'React Native', 'Angular', 'Vue', 'Next.js', 'Redux',
  'HTML', 'CSS', 'Sass', 'Tailwind', 'Python', 'Java', 'C#', 'C++', 'Go', 'Rust', 'PHP', 'Ruby', 'Swift',
  'Kotlin', 'Scala', 'Dart', 'Flutter', 'SQL', 'NoSQL', 'PostgreSQL', 'MySQL', 'MongoDB', 'Redis',
  'Elasticsearch', 'Docker', 'Kubernetes', 'AWS', 'Azure', 'GCP', 'Terraform', 'Ansible', 'Linux', 'Bash',
  'Git', 'CI/CD', 'Jenkins', 'Nginx', 'GraphQL', 'REST', 'gRPC', 'Kafka', 'RabbitMQ', 'Microservices',
  'NestJS', 'Express', 'Django', 'Flask', 'FastAPI', 'Spring', '.NET', 'Laravel', 'Rails', 'Android', 'iOS',
  'Figma', 'Photoshop', 'Illustrator', 'UX', 'Scrum', 'Agile', 'Kanban', 'Jira', 'Confluence', 'Excel',
  'Power BI', 'Tableau', 'Machine Learning', 'Deep Learning', 'NLP', 'TensorFlow', 'PyTorch', 'Pandas',
  'NumPy', 'Selenium', 'Jest', 'Cypress', 'Playwright', 'Salesforce', 'SAP', 'HubSpot', 'SEO',
  'Google Analytics', 'Project Management', 'Product Management', 'Digital Marketing', 'Accounting',
];

/** Other spellings that mean the same skill (matched like the skill itself). */
const SKILL_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'node.js': ['NodeJS', 'Node JS'],
  vue: ['VueJS'],
  react: ['ReactJS'],
  angular: ['AngularJS'],
  'next.js': ['NextJS'],
  go: ['Golang'],
  postgresql: ['Postgres'],
  kubernetes: ['K8s'],
  gcp: ['Google Cloud'],
  aws: ['Amazon Web Services'],
  '.net': ['ASP.NET', 'dotnet'],
  'ci/cd': ['CI-CD'],
};

/**
 * Skills that are also ordinary words ("ready to go", "the rest", "excel at") only count when written
 * with a capital letter, otherwise prose would produce false matches.
 */
const COMMON_WORD_SKILLS: ReadonlySet<string> = new Set([
  'go', 'rust', 'ruby', 'swift', 'dart', 'sass', 'rest', 'express', 'spring', 'rails', 'flask', 'bash',
  'excel', 'jest',
]);

/**
 * Longest text the parser reads; the rest is ignored. Every pattern below runs in time linear in its
 * input, and this keeps the constant factor (one pass per dictionary skill) small.
 */
export const MAX_PARSE_LENGTH = 100_000;

export function parseResume(text: string, jobSkills: string[]): ParsedResume {
  // U+2028/U+2029/U+0085 end a line like \n does; treating them alike keeps the line-based rules simple.
  const normalised = text.slice(0, MAX_PARSE_LENGTH).normalize('NFC').replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n');
  return {
    name: findName(normalised),
    email: findEmail(normalised),
    phone: findPhone(normalised),
    skills: findSkills(normalised, jobSkills),
    yearsExperience: findYearsExperience(normalised),
  };
}

// ---------------------------------------------------------------- e-mail

const EMAIL_SOURCE =
  '[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]{2,}';
const EMAIL_IN_TEXT = new RegExp(`(?<![A-Za-z0-9._%+-])${EMAIL_SOURCE}`, 'g');
const EMAIL_EXACT = new RegExp(`^${EMAIL_SOURCE}$`);

/** Whether `value` (already trimmed) is a syntactically plausible e-mail address. */
export function isValidEmail(value: string): boolean {
  return value.length <= 254 && EMAIL_EXACT.test(value);
}

function findEmail(text: string): string | null {
  for (const match of text.matchAll(EMAIL_IN_TEXT)) {
    if (match[0].length <= 254) return match[0].toLowerCase();
  }
  return null;
}

// ---------------------------------------------------------------- phone

// A run of digits and the usual separators on one line, optionally led by + or "(".
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}+])\+?\(?\d[\d ().-]{6,30}\d(?![\p{L}\p{N}])/gu;
const YEAR_THEN_PART = /(?<!\d)(?:19|20)\d\d[./-]\d{1,2}(?!\d)/;
const PART_THEN_YEAR = /(?<!\d)\d{1,2}[./-](?:19|20)\d\d(?!\d)/;
const DAY_MONTH_YEAR = /(?<!\d)\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?!\d)/;

function findPhone(text: string): string | null {
  const plausible = [...text.matchAll(PHONE_CANDIDATE)]
    // A spaced dash separates the two ends of a range ("2015.01 - 2020.12") or two numbers, never a number's parts.
    .flatMap((match) => match[0].split(/\s+-\s*|\s*-\s+/))
    .flatMap((part) => {
      const phone = normalisePhone(part);
      return phone ? [{ phone, formatted: /[+\s().-]/.test(part.trim()) }] : [];
    });
  // A bare run of digits is as likely an ID or account number (e.g. an 11-digit Turkish ID), so a number
  // written like a phone number wins over one that appears earlier.
  return (plausible.find((p) => p.formatted) ?? plausible[0])?.phone ?? null;
}

function normalisePhone(candidate: string): string | null {
  const trimmed = candidate.trim().replace(/^[^\d+(]+|[^\d)]+$/g, '');
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 10 || digits.length > 15) return null;
  const looksLikeDate = [YEAR_THEN_PART, PART_THEN_YEAR, DAY_MONTH_YEAR].some((pattern) => pattern.test(trimmed));
  if (looksLikeDate && !trimmed.startsWith('+')) return null;
  const groups = trimmed.match(/\d+/g) ?? [];
  if (groups.every((group) => /^(?:19|20)\d\d$/.test(group))) return null;
  return trimmed.replace(/[^\d+]+/g, ' ').replace(/^\+ /, '+').trim();
}

// ---------------------------------------------------------------- name

const NAME_LABEL = new RegExp(
  '^(?:full\\s+name|name(?:\\s+surname)?|candidate|ad[ıi]?\\s+soyad[ıi]?|isim(?:\\s+soyisim)?|nom(?:\\s+complet)?|pr[ée]nom\\s+nom)' +
    '\\s*[:：–—-]\\s*',
  'iu',
);
// A word of letters (with combining marks), optionally joined by hyphens/apostrophes, or an initial like "K.".
const NAME_WORD = /^(?:\p{Lu}\.|(?:\p{L}\p{M}*)+(?:['’-](?:\p{L}\p{M}*)+)*)$/u;
const NAME_PARTICLES: ReadonlySet<string> = new Set([
  'van', 'von', 'der', 'den', 'de', 'del', 'della', 'da', 'das', 'dos', 'di', 'du', 'la', 'le',
  'bin', 'binti', 'al', 'el', 'ibn',
]);
/** Words that mark a heading or a job title rather than a person. */
const NOT_NAME_WORDS: ReadonlySet<string> = new Set([
  'curriculum', 'vitae', 'resume', 'résumé', 'cv', 'özgeçmiş', 'ozgecmis', 'özgeçmişi', 'lebenslauf',
  'profile', 'profil', 'summary', 'contact', 'contacts', 'information', 'details', 'personal', 'experience',
  'education', 'skills', 'objective', 'references', 'about', 'projects', 'languages', 'certificates',
  'kişisel', 'bilgiler', 'iletişim', 'deneyim', 'eğitim', 'yetenekler', 'hakkımda', 'beceriler',
  'engineer', 'developer', 'manager', 'designer', 'analyst', 'consultant', 'specialist', 'architect',
  'intern', 'director', 'scientist', 'administrator', 'officer', 'assistant', 'senior', 'junior', 'lead',
  'software', 'full-stack', 'fullstack', 'frontend', 'backend', 'mühendis', 'mühendisi', 'geliştirici',
  'uzman', 'uzmanı', 'yönetici', 'stajyer', 'ingénieur', 'développeur',
]);
const HEAD_LINES = 5;
const LABEL_LINES = 20;

function findName(text: string): string | null {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  for (const [index, line] of lines.slice(0, LABEL_LINES).entries()) {
    const labelled = NAME_LABEL.exec(line);
    if (!labelled && index >= HEAD_LINES) continue;
    const candidate = labelled ? line.slice(labelled[0].length) : line;
    const name = asPersonName(candidate);
    if (name) return name;
  }
  return null;
}

/** The leading part of `line` if it reads as 2–4 name words, e.g. "Ada Lovelace | Engineer" → "Ada Lovelace". */
function asPersonName(line: string): string | null {
  const head = line.split(/\s[|•·–—-]\s|[|•·,\t]/u)[0].trim();
  if (head === '' || head.includes('@') || /\p{N}/u.test(head)) return null;
  const words = head.split(/\s+/);
  if (words.length < 2 || words.length > 4) return null;
  for (const [i, word] of words.entries()) {
    // Dropping U+0307 makes "ÖZGEÇMİŞ" lower-case to "özgeçmiş" rather than "özgeçmi̇ş".
    const lower = word.toLowerCase().replaceAll('\u0307', '');
    if (!NAME_WORD.test(word) || NOT_NAME_WORDS.has(lower)) return null;
    const isEdge = i === 0 || i === words.length - 1;
    if (!/^\p{Lu}/u.test(word) && (isEdge || !NAME_PARTICLES.has(lower))) return null;
  }
  return words.join(' ');
}

// ---------------------------------------------------------------- skills

interface SkillMatcher {
  key: string;
  label: string;
  patterns: RegExp[];
  needsCapital: boolean;
}

const DICTIONARY_MATCHERS: readonly SkillMatcher[] = SKILL_DICTIONARY.flatMap((skill) => {
  const matcher = skillMatcher(skill);
  return matcher ? [matcher] : [];
});

function findSkills(text: string, jobSkills: string[]): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const jobMatchers = jobSkills.flatMap((skill) => {
    const matcher = skillMatcher(skill);
    return matcher ? [matcher] : [];
  });
  for (const matcher of [...jobMatchers, ...DICTIONARY_MATCHERS]) {
    if (seen.has(matcher.key) || !mentions(text, matcher)) continue;
    seen.add(matcher.key);
    found.push(matcher.label);
  }
  return found;
}

function skillMatcher(skill: string): SkillMatcher | null {
  const label = skill.trim().replace(/\s+/g, ' ');
  // One letter ("C", "R") is indistinguishable from initials, list markers and grades.
  if ([...label].length < 2) return null;
  const key = label.toLowerCase();
  const spellings = [label, ...(SKILL_ALIASES[key] ?? [])];
  return {
    key,
    label,
    patterns: spellings.map((spelling) => wholeTokenPattern(spelling)),
    needsCapital: COMMON_WORD_SKILLS.has(key),
  };
}

/** Matches `term` as a whole token: "Java" not in "JavaScript", "C" not in "C++", "Go" not in "Google". */
function wholeTokenPattern(term: string): RegExp {
  const body = term
    .split(' ')
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}+#])`, 'giu');
}

function mentions(text: string, matcher: SkillMatcher): boolean {
  return matcher.patterns.some((pattern) => {
    for (const match of text.matchAll(pattern)) {
      if (!matcher.needsCapital || /\p{Lu}/u.test(match[0])) return true;
    }
    return false;
  });
}

// ---------------------------------------------------------------- years of experience

// One way only to split the blanks around an optional "+": `\s*\+?\s*` would try every split of a long
// run of blanks after a number and take time quadratic in its length.
const AMOUNT = String.raw`(?<![\p{L}\p{N}.,])(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:\+\s*)?`;
const YEARS_PATTERNS: readonly RegExp[] = [
  // English: "7 years of experience", "5+ years", "3 yrs" (but not "30 years old", "2 years ago").
  new RegExp(`${AMOUNT}(?:years?|yrs?)(?![\\p{L}])(?!\\s+(?:old|ago)\\b)`, 'giu'),
  // Turkish: "10 yıl deneyim", "5 yıllık", "3 yıldır".
  new RegExp(`${AMOUNT}y[ıi]l(?:l[ıi]k|d[ıi]r)?(?![\\p{L}])`, 'giu'),
  // French "8 ans d'expérience", German "6 Jahre Erfahrung", Spanish/Portuguese "4 años" / "4 anos".
  new RegExp(`${AMOUNT}(?:ans?|jahre?n?|a[ñn]os)(?![\\p{L}])`, 'giu'),
];
const MAX_YEARS = 50;

function findYearsExperience(text: string): number | null {
  let best: number | null = null;
  for (const pattern of YEARS_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const years = Math.floor(Number(match[1].replace(',', '.')));
      if (Number.isFinite(years) && years >= 0 && years <= MAX_YEARS && (best === null || years > best)) {
        best = years;
      }
    }
  }
  return best;
}
