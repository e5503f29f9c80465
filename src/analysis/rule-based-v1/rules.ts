/**
 * Every rule, word list and weight of the rule-based-v1 interview analysis lives here; analyze.ts only
 * applies them. Changing a value changes scores: analyze.spec.ts pins the intended behaviour.
 *
 * Word-list syntax (all lists are matched on whole tokens, case-insensitively):
 * - an entry is one word or a phrase of several words ("you know", "parce que", "j'ai dirigé");
 * - apostrophes and hyphens separate words, so "j'ai" is the two tokens "j" and "ai", "l'équipe" contains
 *   "équipe", "Kafka'yı" contains "kafka" and "cross-functional" is the phrase "cross functional";
 * - a trailing `*` makes that word a prefix ("collabor*" matches collaborate, collaboration, collaboré);
 *   a prefix needs at least 4 letters and may not start a phrase;
 * - an accent-free spelling is added automatically ("cunku" for "çünkü", "equipe" for "équipe"),
 *   because candidates often type Turkish and French without their keyboard layout.
 */

export const MODEL_NAME = 'rule-based-v1';

export type Language = 'en' | 'tr' | 'fr';

/**
 * A word starts with a letter or digit and continues with letters, digits, combining marks, "+" and "#"
 * (C++, C#); "." and "," stay inside only between characters ("Node.js", "3.5", "1,000"), so a
 * sentence's final dot is never part of a word. Everything else separates words.
 */
export const WORD_PATTERN = /[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}+#]|[.,](?=\p{N})|\.(?=\p{L}))*/u;
/** Characters between words that end a sentence (a line break ends one too). */
export const SENTENCE_END_CHARS = '.!?…。\n';
/** Prefix entries ("collabor*") need at least this many letters before the star. */
export const MIN_PREFIX_LENGTH = 4;

// ---------------------------------------------------------------- overall

/** overall = communication × W_C + technical × W_T + cultural fit × W_F (weights sum to 1). */
export const OVERALL_WEIGHTS = { communication: 0.35, technical: 0.4, culturalFit: 0.25 } as const;

// ---------------------------------------------------------------- communication (answers only)

/** Points of each communication component; they sum to 100. */
export const COMMUNICATION_POINTS = { length: 30, completeness: 20, markers: 15, sentences: 10, fluency: 25 } as const;

/** Content words (fillers excluded) per answer that earn full length points. */
export const IDEAL_ANSWER_WORDS = { min: 40, max: 180 } as const;
/** Below the band the length score is (words / min) ^ exponent: short answers lose more than long ones. */
export const SHORT_ANSWER_EXPONENT = 1.5;
/** Above the band the score falls linearly by 1 per this many extra words, never below the floor. */
export const LONG_ANSWER_DECAY_WORDS = 540;
export const LONG_ANSWER_FLOOR = 0.4;

/** An answer with fewer content words than this is trivial (counts against completeness). */
export const TRIVIAL_ANSWER_WORDS = 8;

/** Structure and STAR markers per answer that earn full marker points. */
export const MARKERS_PER_ANSWER_FOR_FULL = 1.5;
/** Average sentences per non-trivial answer that earn full sentence points. */
export const SENTENCES_PER_ANSWER_FOR_FULL = 3;

/** Fillers per 100 words: up to the allowance costs nothing, at `atZero` fluency points reach 0. */
export const FILLER_DENSITY = { allowancePer100: 1, atZeroPer100: 10 } as const;

export const FILLERS: Readonly<Record<Language, readonly string[]>> = {
  en: [
    'um', 'umm', 'uhm', 'uh', 'er', 'erm', 'hmm', 'like', 'basically', 'actually', 'literally',
    'you know', 'sort of', 'kind of', 'i mean',
  ],
  tr: ['şey', 'yani', 'işte', 'hani', 'aslında', 'falan filan', 'falan', 'ee', 'eee', 'ıı', 'ııı'],
  fr: ['euh', 'heu', 'ben', 'bah', 'genre', 'en fait', 'du coup', 'voilà', 'quoi', 'bref'],
};

/**
 * A filler is not counted right after one of these words, where it is an ordinary word:
 * "I like Go", "looks like", "what kind of", "bir şey" (something), "çok şey" (many things), "de quoi".
 */
export const FILLER_NOT_AFTER: Readonly<Record<string, readonly string[]>> = {
  like: [
    'i', 'you', 'we', 'they', 'he', 'she', 'would', 'd', 't', 'not', 'really', 'also', 'to', 'look', 'looks',
    'looked', 'looking', 'seem', 'seems', 'seemed', 'feel', 'feels', 'felt', 'sound', 'sounds', 'sounded',
    'something', 'anything', 'nothing', 'more', 'most', 'much', 'things', 'stuff', 'tools', 'languages',
    'frameworks', 'technologies', 'databases', 'services', 'systems', 'companies', 'people', 'problems',
    'issues', 'features', 'exactly',
  ],
  'kind of': [
    'what', 'which', 'this', 'that', 'these', 'those', 'the', 'a', 'any', 'every', 'some', 'same', 'different',
    'one', 'all', 'each', 'new', 'right',
  ],
  'sort of': [
    'what', 'which', 'this', 'that', 'these', 'those', 'the', 'a', 'any', 'every', 'some', 'same', 'different',
    'one', 'all', 'each', 'new', 'right',
  ],
  'you know': ['do', 'did', 'if', 'as', 'would', 'don', 'didn', 't'],
  'i mean': ['what', 'if'],
  şey: [
    'bir', 'her', 'hiçbir', 'hiç', 'bu', 'o', 'şu', 'öyle', 'böyle', 'başka', 'aynı', 'tek', 'son', 'ilk', 'çok',
    'birçok', 'bazı', 'az', 'ne', 'güzel', 'önemli', 'yeni',
  ],
  quoi: ['de', 'à', 'a', 'sur', 'pour', 'par', 'avec', 'en', 'sais', 'importe', 'que'],
  genre: ['un', 'le', 'ce', 'du', 'quel', 'même', 'mon', 'son'],
};

/**
 * Fillers that are ordinary words in another supported language, counted only when the answer is
 * detected as the filler's language: Turkish "ben" is "I", English "genre" is a category.
 */
export const FILLER_ONLY_IN_LANGUAGE: Readonly<Record<string, Language>> = { ben: 'fr', genre: 'fr' };

/** Frequent function words that identify an answer's language (most hits wins; a tie decides nothing). */
export const LANGUAGE_HINTS: Readonly<Record<Language, readonly string[]>> = {
  en: ['the', 'and', 'is', 'are', 'was', 'were', 'i', 'we', 'to', 'of', 'it', 'that', 'with', 'my', 'this'],
  tr: ['ve', 'bir', 'bu', 'için', 'ile', 'çok', 'ama', 'ben', 'biz', 'olarak', 'gibi', 'daha', 'sonra', 'çünkü', 'şey'],
  fr: ['le', 'la', 'les', 'et', 'est', 'je', 'nous', 'des', 'une', 'pour', 'que', 'dans', 'pas', 'avec', 'du'],
};

/** Words that organise an answer (sequence, cause, example, conclusion). */
export const STRUCTURE_MARKERS: Readonly<Record<Language, readonly string[]>> = {
  en: [
    'first', 'firstly', 'first of all', 'second', 'secondly', 'third', 'thirdly', 'then', 'next', 'after that',
    'afterwards', 'finally', 'lastly', 'because', 'therefore', 'consequently', 'for example', 'for instance',
    'as a result', 'in summary', 'to summarise', 'to summarize', 'in conclusion', 'however', 'on the other hand',
  ],
  tr: [
    'ilk olarak', 'ilk önce', 'öncelikle', 'önce', 'sonra', 'daha sonra', 'ardından', 'son olarak', 'çünkü',
    'bu yüzden', 'bu nedenle', 'örneğin', 'mesela', 'sonuç olarak', 'sonuçta', 'ayrıca', 'ancak',
  ],
  fr: [
    "d'abord", "tout d'abord", 'premièrement', 'deuxièmement', 'ensuite', 'puis', 'enfin', 'finalement',
    'parce que', 'donc', 'par exemple', 'en conclusion', 'en résumé', 'par conséquent', "c'est pourquoi",
    'cependant',
  ],
};

/** STAR (situation, task, action, result) vocabulary; counted together with the structure markers. */
export const STAR_MARKERS: Readonly<Record<Language, readonly string[]>> = {
  en: ['situation', 'context', 'task', 'goal', 'challenge', 'action', 'approach', 'result', 'results', 'outcome', 'impact'],
  tr: ['durum', 'bağlam', 'görev', 'hedef', 'amaç', 'zorluk', 'aksiyon', 'yaklaşım', 'sonuç', 'etki'],
  fr: ['situation', 'contexte', 'tâche', 'objectif', 'défi', 'action', 'approche', 'résultat', 'résultats', 'impact'],
};

// ---------------------------------------------------------------- technical (answers + transcript)

/** Points of each technical component; a component without evidence to look for gives its points to the others pro rata. */
export const TECHNICAL_POINTS = { skills: 45, keywords: 20, specificity: 35 } as const;

/** Share of the job's salient keywords that earns full keyword points (nobody repeats the whole ad). */
export const KEYWORD_COVERAGE_FOR_FULL = 0.5;
/** How many salient keywords are taken from the job title and description. */
export const MAX_JOB_KEYWORDS = 12;
/** A title word counts as this many description occurrences when ranking keywords. */
export const TITLE_KEYWORD_WEIGHT = 3;
/** Keywords shorter than this are ignored; longer ones match on their first `stemLength` letters ("deploy…"). */
export const KEYWORD_MIN_LENGTH = 3;
export const KEYWORD_STEM_LENGTH = 6;

/** Distinct specific details per answered question that earn full specificity points. */
export const SPECIFICITY_ITEMS_PER_ANSWER_FOR_FULL = 2;
/** What each distinct detail is worth: a percentage or duration is a number and a measurable result. */
export const SPECIFICITY_WEIGHTS = { number: 1, percentageBonus: 1, durationBonus: 1, tool: 1 } as const;

/** Units that make "<number> <unit>" a duration. */
export const DURATION_UNITS: readonly string[] = [
  'ms', 'millisecond', 'milliseconds', 's', 'sec', 'secs', 'second', 'seconds', 'min', 'mins', 'minute', 'minutes',
  'h', 'hr', 'hrs', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years',
  'sprint', 'sprints', 'quarter', 'quarters',
  'saniye', 'dakika', 'saat', 'gün', 'hafta', 'ay', 'yıl', 'sene',
  'seconde', 'secondes', 'heure', 'heures', 'jour', 'jours', 'semaine', 'semaines', 'mois', 'an', 'ans', 'année', 'années',
];
/** A number glued to a unit ("200ms", "2h", "6mo"). */
export const GLUED_DURATION = /^\d+(?:[.,]\d+)?(?:ms|s|sec|min|mins|h|hr|hrs|d|w|wk|wks|mo|y|yr|yrs)$/;
/** Words after a number that make it a percentage ("20 percent", "20 pour cent"); "%" is recognised too, as is Turkish "yüzde 20". */
export const PERCENT_WORDS: readonly string[] = ['percent', 'per cent', 'pourcent', 'pour cent'];
export const PERCENT_PREFIX_WORDS: readonly string[] = ['yüzde'];

/** Tools and technologies recognised by name, in display casing. */
export const KNOWN_TOOLS: readonly string[] = [
  'TypeScript', 'JavaScript', 'Node.js', 'NodeJS', 'Deno', 'Bun', 'Python', 'Java', 'Kotlin', 'Scala', 'Golang',
  'Rust', 'Ruby', 'PHP', 'C++', 'C#', 'Swift', 'Elixir', 'Haskell', 'React', 'Angular', 'Vue', 'Svelte', 'Next.js',
  'NestJS', 'Express', 'Django', 'Flask', 'FastAPI', 'Spring', 'Laravel', 'Rails', 'PostgreSQL', 'Postgres',
  'MySQL', 'MariaDB', 'SQLite', 'MongoDB', 'Redis', 'Cassandra', 'DynamoDB', 'ClickHouse', 'Elasticsearch',
  'Kafka', 'RabbitMQ', 'NATS', 'SQS', 'Docker', 'Kubernetes', 'K8s', 'Helm', 'Terraform', 'Ansible', 'AWS',
  'GCP', 'Azure', 'S3', 'EC2', 'Lambda', 'Linux', 'Nginx', 'Git', 'GitHub', 'GitLab', 'Jenkins', 'CircleCI',
  'GraphQL', 'gRPC', 'OpenAPI', 'Swagger', 'Prometheus', 'Grafana', 'Datadog', 'Sentry', 'OpenTelemetry',
  'Jest', 'Cypress', 'Playwright', 'Selenium', 'JUnit', 'pytest', 'TypeORM', 'Prisma', 'Webpack', 'Vite',
  'Spark', 'Airflow', 'Snowflake', 'BigQuery', 'dbt', 'Pandas', 'NumPy', 'PyTorch', 'TensorFlow', 'Figma',
  'Jira', 'Confluence', 'Excel', 'Tableau', 'Salesforce', 'SAP', 'HubSpot', 'SQL', 'NoSQL', 'HTML', 'CSS',
];
/** Upper-case words that are not named tools (titles, places, generic terms), skipped by the acronym rule. */
export const ACRONYM_STOPLIST: readonly string[] = [
  'API', 'UI', 'UX', 'DB', 'PR', 'QA', 'SLA', 'SLO', 'KPI', 'OKR', 'MVP', 'POC', 'ID', 'URL', 'OK', 'CEO', 'CTO', 'CFO', 'COO', 'VP', 'HR', 'PM', 'AM', 'USA', 'US', 'UK', 'EU', 'ASAP', 'FYI', 'TBH',
  'IMO', 'ETC', 'NO', 'YES', 'MY', 'WE', 'IT', 'IS', 'AN', 'TO', 'OF', 'IN', 'ON', 'AT', 'BY', 'OR', 'SO',
  'DE', 'LA', 'LE', 'ET', 'VE', 'BU', 'PS',
];
/** When more than this share of an answer's words are upper case it is shouting, not acronyms. */
export const MAX_UPPERCASE_SHARE_FOR_ACRONYMS = 0.5;
/**
 * Acronyms and camel-case words count as named tools ("AWS", "EC2", "GraphQL", "iOS"); plural
 * acronyms ("APIs", "PRs") match neither pattern.
 */
export const ACRONYM_TOKEN = /^[A-Z][A-Z0-9]{1,5}$/;
export const CAMEL_CASE_TOKEN = /^(?:[a-z]+|[A-Z][a-z0-9]+)[A-Z][A-Za-z0-9.+#]*$/;

/** Other spellings of a job skill, keyed by the lower-cased skill. */
export const SKILL_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'node.js': ['node', 'nodejs', 'node js'],
  typescript: ['ts'],
  javascript: ['js', 'ecmascript'],
  postgresql: ['postgres', 'psql'],
  kubernetes: ['k8s'],
  golang: ['go'],
  go: ['golang'],
  '.net': ['dotnet', 'asp.net'],
  'ci/cd': ['ci-cd', 'cicd'],
  'machine learning': ['ml'],
  aws: ['amazon web services'],
  gcp: ['google cloud'],
};
/**
 * Skills and tools that are also ordinary words ("ready to go", "the rest", "react to", "excel at") count
 * only when the candidate wrote them with a capital letter.
 */
export const COMMON_WORD_NAMES: readonly string[] = [
  'go', 'rust', 'ruby', 'swift', 'dart', 'sass', 'rest', 'express', 'spring', 'rails', 'flask', 'bash', 'excel',
  'jest', 'spark', 'lambda', 'helm', 'react', 'bun', 'vite', 'prisma', 'pandas', 'snowflake', 'airflow',
];

/** Words never taken as job keywords: function words (EN, TR, FR) and job-ad boilerplate. */
export const STOP_WORDS: Readonly<Record<Language | 'jobAd', readonly string[]>> = {
  en: [
    'the', 'and', 'for', 'with', 'you', 'your', 'our', 'are', 'was', 'were', 'will', 'can', 'has', 'have', 'had',
    'this', 'that', 'these', 'those', 'from', 'into', 'about', 'who', 'what', 'which', 'when', 'where', 'how',
    'why', 'all', 'any', 'each', 'more', 'most', 'other', 'some', 'such', 'than', 'too', 'very', 'not', 'but',
    'also', 'its', 'they', 'them', 'their', 'his', 'her', 'she', 'him', 'one', 'two', 'per', 'via', 'etc',
    'using', 'use', 'used', 'well', 'should', 'would', 'could', 'must', 'may', 'been', 'being', 'both', 'out',
    'over', 'under', 'own', 'same', 'only', 'just', 'like', 'get', 'make', 'new', 'across', 'within',
  ],
  tr: [
    've', 'ile', 'için', 'bir', 'bu', 'şu', 'olan', 'olarak', 'gibi', 'daha', 'çok', 'her', 'ama', 'veya', 'ya',
    'de', 'da', 'ki', 'mi', 'ne', 'en', 'biz', 'siz', 'sen', 'ben', 'onlar', 'ise', 'kadar', 'sonra', 'önce',
    'olmak', 'etmek', 'yapmak', 'arayan', 'arıyoruz', 'aranan', 'tercihen', 'sahip', 'iyi', 'yıl', 'yıllık',
  ],
  fr: [
    'les', 'des', 'une', 'pour', 'avec', 'dans', 'sur', 'par', 'que', 'qui', 'est', 'sont', 'nous', 'vous',
    'votre', 'notre', 'nos', 'vos', 'ses', 'leur', 'leurs', 'aux', 'plus', 'pas', 'mais', 'ou', 'et', 'au',
    'du', 'de', 'la', 'le', 'un', 'ce', 'cette', 'ces', 'être', 'avoir', 'faire', 'très', 'bien', 'ans',
  ],
  jobAd: [
    'experience', 'experienced', 'years', 'year', 'strong', 'knowledge', 'skills', 'skill', 'ability', 'able',
    'responsibilities', 'requirements', 'required', 'preferred', 'plus', 'bonus', 'team', 'teams', 'work',
    'working', 'join', 'looking', 'seeking', 'candidate', 'candidates', 'role', 'position', 'job', 'company',
    'opportunity', 'senior', 'junior', 'mid', 'level', 'engineer', 'developer', 'excellent', 'good', 'great',
    'including', 'include', 'includes', 'help', 'build', 'building', 'ideal', 'remote', 'hybrid', 'office',
    'salary', 'benefits', 'apply', 'deneyim', 'deneyimli', 'bilgi', 'ekip', 'takım', 'pozisyon', 'aday',
    'expérience', 'connaissance', 'connaissances', 'équipe', 'poste', 'profil', 'maîtrise', 'capacité',
  ],
};

// ---------------------------------------------------------------- cultural fit (answers + transcript)

/** Points of each cultural-fit component; they sum to 100. */
export const CULTURAL_POINTS = { collaboration: 35, ownership: 30, motivation: 25, balance: 10 } as const;
/**
 * Diminishing returns: a signal seen n times earns points × (1 − 0.5^(n / halfAt)), so every `halfAt`
 * mentions halve the remaining gap. The balance bonus needs at least one ownership AND one collaboration signal.
 */
export const CULTURAL_HALF_AT = { collaboration: 3, ownership: 2, motivation: 2 } as const;

export const COLLABORATION_SIGNALS: Readonly<Record<Language, readonly string[]>> = {
  en: [
    'we', 'us', 'our', 'team*', 'together', 'collabor*', 'cooperat*', 'helped', 'helping', 'help', 'mentor*',
    'paired', 'pairing', 'pair programming', 'colleague*', 'stakeholder*', 'cross-functional', 'code review*',
    'coordinat*', 'shared', 'supported',
  ],
  tr: [
    'biz', 'bizim', 'ekip*', 'ekib*', 'takım*', 'birlikte', 'beraber', 'iş birliği', 'işbirliğ*', 'yardım*',
    'mentorluk', 'arkadaşlarım*', 'meslektaş*', 'destek*',
  ],
  fr: [
    'nous', 'équipe*', 'ensemble', 'aidé', 'aider', 'entraide', 'coopér*', 'coéquipi*', 'collègue*', 'binôme',
  ],
};

export const OWNERSHIP_SIGNALS: Readonly<Record<Language, readonly string[]>> = {
  en: [
    'i led', 'i owned', 'i decided', 'i built', 'i designed', 'i implemented', 'i drove', 'i initiated',
    'i proposed', 'i created', 'i launched', 'i managed', 'i delivered', 'i fixed', 'i organised', 'i organized',
    'i took', 'i was responsible', 'took responsibility', 'took ownership', 'my responsibility', 'ownership',
    'accountable', 'i set up', 'i wrote',
  ],
  tr: [
    'sorumluluk*', 'sorumluluğ*', 'sorumluydum', 'liderlik', 'yönettim', 'karar verdim', 'üstlendim',
    'kurdum', 'geliştirdim', 'tasarladım', 'başlattım', 'önerdim', 'çözdüm', 'yazdım',
  ],
  fr: [
    "j'ai dirigé", "j'ai mené", "j'ai décidé", "j'ai construit", "j'ai conçu", "j'ai développé", "j'ai lancé",
    "j'ai proposé", "j'ai géré", "j'ai pris", 'responsabilité*', "j'étais responsable",
  ],
};

export const MOTIVATION_SIGNALS: Readonly<Record<Language, readonly string[]>> = {
  en: [
    'passion*', 'excit*', 'love', 'loved', 'loving', 'enjoy*', 'curious', 'curiosity', 'motivat*', 'learn*',
    'growth', 'grow', 'growing', 'eager', 'inspir*', 'interested', 'fascinat*', 'thrill*',
  ],
  tr: [
    'heyecan*', 'motive', 'motivasyon*', 'tutku*', 'merak*', 'öğren*', 'gelişim*', 'keyif*', 'seviyorum',
    'ilgimi', 'istekli*',
  ],
  fr: [
    'passionn*', 'motiv*', 'curieu*', 'curiosité', 'apprendre', 'appris', 'apprentissage', 'progresser',
    'enthousias*', 'adore', "j'aime", 'envie',
  ],
};

/** Entries for which no accent-free spelling is added ("ii" would be the Roman numeral II). */
export const NO_ACCENT_FREE_VARIANT: readonly string[] = ['ıı', 'ııı'];

// ---------------------------------------------------------------- texts

export const MAX_TEXT_LENGTH = 600;
/** How many items a cited list shows before "…". */
export const MAX_LISTED_ITEMS = 4;
/**
 * Keyword coverage, specificity and cultural signals are cited as a strength when they earn at least
 * this share of their points, and as a weakness at or below the weakness share.
 */
export const STRENGTH_SHARE = 0.5;
export const WEAKNESS_SHARE = 0.25;
