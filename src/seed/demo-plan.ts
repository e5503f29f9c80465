/**
 * What the demo organization holds. The seed compares this plan with the database and creates only
 * what is missing, so the plan is also the definition of "complete".
 */

/** Documented in the README: the demo logins are for local development only. */
export const DEMO_PASSWORD = 'hirevision-demo';

export const DEMO_ORGANIZATION = 'Anadolu Yazılım A.Ş. (demo)';

export type DemoActor = 'admin' | 'recruiter';

export interface DemoUser {
  key: DemoActor | 'viewer';
  email: string;
  name: string;
  role: 'admin' | 'recruiter' | 'readonly';
  /** Without a password the user is created pending: they get an e-mail link to set one. */
  withPassword: boolean;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { key: 'admin', email: 'demo@hirevision.example', name: 'Defne Aksu', role: 'admin', withPassword: true },
  { key: 'recruiter', email: 'recruiter@hirevision.example', name: 'Kerem Polat', role: 'recruiter', withPassword: true },
  { key: 'viewer', email: 'viewer@hirevision.example', name: 'Hakan Erdem', role: 'readonly', withPassword: false },
];

export const [DEMO_ADMIN, DEMO_RECRUITER] = DEMO_USERS;

/**
 * How far a candidate gets: `new` (résumé only), `invited` (a pending link), `in_progress` (answered
 * part of the interview), `completed` (answered everything, scored) or `cancelled` (invited, then withdrawn).
 */
export type DemoTarget = 'new' | 'invited' | 'in_progress' | 'completed' | 'cancelled';

/** Whose words the candidate answers with; see demo-answers.ts. */
export type AnswerStyle = 'en-strong' | 'en-solid' | 'en-mixed' | 'en-brief' | 'tr-strong' | 'tr-solid';

export interface DemoCandidate {
  /** Sample file under samples/ (a CSV contributes one candidate per row). */
  file: string;
  /** The address the parser finds in the file: how a candidate is recognised on later runs. */
  email: string;
  target: DemoTarget;
  answers?: AnswerStyle;
  /** `in_progress`: answers given before stopping. */
  answered?: number;
  /** Invite link lifetime in hours (default: the organization's). */
  ttlHours?: number;
  /** Uploads an audio answer during the interview. */
  upload?: boolean;
  /** A recruiter stores a transcript, and the analysis is run again with it. */
  transcript?: boolean;
  /** The candidate asks to talk to a person. */
  requestHuman?: boolean;
}

export interface DemoJob {
  title: string;
  location: string;
  description: string;
  skills: string[];
  isActive: boolean;
  /** Who publishes the job, uploads its résumés and invites its candidates. */
  owner: DemoActor;
  candidates: DemoCandidate[];
}

export const DEMO_JOBS: readonly DemoJob[] = [
  {
    title: 'Senior Backend Engineer',
    location: 'İstanbul (hybrid)',
    description:
      'Join the platform team that runs our hiring APIs: multi-tenant REST services in TypeScript on Node.js, ' +
      'PostgreSQL as the system of record and Kafka for events between services. You will design APIs, own ' +
      'services in production (on-call one week in six), tune queries and mentor two mid-level engineers. ' +
      'We deploy with Docker on Kubernetes several times a day and measure latency, error rate and cost.',
    skills: ['TypeScript', 'Node.js', 'PostgreSQL', 'Docker', 'Kafka'],
    isActive: true,
    owner: 'admin',
    candidates: [
      { file: 'ahmet-yilmaz.txt', email: 'ahmet.yilmaz@example.com', target: 'completed', answers: 'en-strong', upload: true },
      { file: 'oliver-bennett.txt', email: 'oliver.bennett@example.co.uk', target: 'completed', answers: 'en-solid' },
      { file: 'priya-sharma.txt', email: 'priya.sharma@example.in', target: 'completed', answers: 'en-brief' },
      { file: 'zeynep-celik.txt', email: 'zeynep.celik@example.com', target: 'in_progress', answers: 'en-solid', answered: 3, requestHuman: true },
      { file: 'jonas-becker.txt', email: 'jonas.becker@example.de', target: 'invited', ttlHours: 72 },
      { file: 'emre-sahin.txt', email: 'emre.sahin@example.com', target: 'new' },
    ],
  },
  {
    title: 'Frontend Engineer (React)',
    location: 'Ankara or remote (Türkiye)',
    description:
      'Build the recruiter dashboard and the candidate interview app used on phones across Türkiye and Europe. ' +
      'React with TypeScript and Next.js, a design system shared with the product designers, accessibility ' +
      'from the first commit and tests with Jest. You will work closely with product and backend engineers ' +
      'and care about performance on slow mobile networks.',
    skills: ['React', 'TypeScript', 'Next.js', 'CSS', 'Jest'],
    isActive: true,
    owner: 'recruiter',
    candidates: [
      { file: 'selin-aydin.txt', email: 'selin.aydin@example.com', target: 'completed', answers: 'en-mixed' },
      { file: 'camille-dubois.txt', email: 'camille.dubois@example.fr', target: 'completed', answers: 'en-solid' },
      { file: 'burak-koc.txt', email: 'burak.koc@example.com', target: 'invited' },
      { file: 'lucia-fernandez.txt', email: 'lucia.fernandez@example.es', target: 'cancelled' },
      { file: 'katarzyna-nowak.txt', email: 'katarzyna.nowak@example.pl', target: 'new' },
      { file: 'referrals.csv', email: 'deniz.kilic@example.com', target: 'new' },
      { file: 'referrals.csv', email: 'sanne.devries@example.nl', target: 'new' },
    ],
  },
  {
    title: 'Veri Bilimci (Data Scientist)',
    location: 'İzmir (hibrit)',
    description:
      'Aday değerlendirme ve eşleştirme modellerimizi geliştirecek bir veri bilimci arıyoruz. Python ve Pandas ile ' +
      'veri hazırlama, makine öğrenmesi modelleri, SQL ile analiz ve deney tasarımı. Modellerin adil ve ' +
      'açıklanabilir olması bizim için önemli; sonuçları ürün ekibine anlaşılır biçimde sunman bekleniyor. ' +
      'We work in Turkish and English.',
    skills: ['Python', 'Pandas', 'Machine Learning', 'SQL', 'PyTorch'],
    isActive: true,
    owner: 'admin',
    candidates: [
      { file: 'irem-dogan.txt', email: 'irem.dogan@example.com', target: 'completed', answers: 'tr-solid' },
      { file: 'omar-haddad.txt', email: 'omar.haddad@example.org', target: 'completed', answers: 'en-strong' },
      { file: 'yuki-tanaka.txt', email: 'yuki.tanaka@example.jp', target: 'in_progress', answers: 'en-brief', answered: 2 },
      { file: 'can-arslan.txt', email: 'can.arslan@example.com', target: 'invited', ttlHours: 120 },
    ],
  },
  {
    title: 'DevOps Engineer',
    location: 'Remote (Türkiye)',
    description:
      'Own the platform our services run on: Kubernetes clusters on AWS described in Terraform, Linux hosts, ' +
      'CI/CD pipelines, observability and incident response. You will automate deployments, keep costs in ' +
      'check and help developers ship safely. On-call is shared across the platform team.',
    skills: ['Kubernetes', 'Terraform', 'AWS', 'Linux', 'CI/CD'],
    isActive: true,
    owner: 'recruiter',
    candidates: [
      { file: 'gokhan-ozdemir.txt', email: 'gokhan.ozdemir@example.com', target: 'completed', answers: 'tr-strong', upload: true, transcript: true },
      { file: 'maria-rossi.txt', email: 'maria.rossi@example.it', target: 'invited' },
      { file: 'elif-gunes.txt', email: 'elif.gunes@example.com', target: 'new' },
    ],
  },
  {
    title: 'Mobile Developer (Flutter)',
    location: 'İstanbul',
    description:
      'Position filled in the spring. Cross-platform mobile apps with Flutter and Dart for iOS and Android, ' +
      'offline-first recording of interview answers and smooth uploads on weak connections.',
    skills: ['Flutter', 'Dart', 'iOS', 'Android'],
    isActive: false,
    owner: 'admin',
    candidates: [
      { file: 'mert-aksoy.txt', email: 'mert.aksoy@example.com', target: 'new' },
      { file: 'lars-nilsson.txt', email: 'lars.nilsson@example.se', target: 'new' },
    ],
  },
];

/** Every planned candidate with its job. */
export function plannedCandidates(): { job: DemoJob; candidate: DemoCandidate }[] {
  return DEMO_JOBS.flatMap((job) => job.candidates.map((candidate) => ({ job, candidate })));
}
