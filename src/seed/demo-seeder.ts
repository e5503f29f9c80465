import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { answerFor, transcriptOf } from './demo-answers';
import { Caller, DemoClient, SeedError } from './demo-client';
import { DemoInventory, DemoSnapshot } from './demo-inventory';
import { DEMO_ADMIN, DEMO_JOBS, DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_RECRUITER, DEMO_USERS, DemoActor, DemoJob, plannedCandidates } from './demo-plan';
import { findCandidate, interviewsOf, PlannedEntry, reachedTarget } from './demo-progress';

const SAMPLE_MARKER = 'referrals.csv';

/** The sample résumés: next to this module when run from the sources, in the sources when run from dist/. */
export function samplesDirectory(): string {
  const places = [join(__dirname, 'samples'), join(__dirname, '..', '..', '..', 'src', 'seed', 'samples')];
  const found = places.find((dir) => existsSync(join(dir, SAMPLE_MARKER)));
  if (!found) throw new SeedError(`Sample résumés not found (looked in ${places.join(', ')})`);
  return found;
}

/** Browsers and phones of the people in the demo; addresses from the documentation ranges (RFC 5737). */
const STAFF_CALLERS: Readonly<Record<DemoActor, Omit<Caller, 'accessToken'>>> = {
  admin: {
    ip: '198.51.100.24',
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  },
  recruiter: {
    ip: '198.51.100.57',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
  },
};

const CANDIDATE_AGENTS: readonly string[] = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
];

function candidateCaller(index: number): Caller {
  return { ip: `203.0.113.${10 + index}`, userAgent: CANDIDATE_AGENTS[index % CANDIDATE_AGENTS.length] };
}

/** Two seconds of a quiet 440 Hz tone as an 8 kHz, 8-bit mono WAV: a real, playable "audio answer". */
function sampleRecording(seconds = 2, rate = 8000): Buffer {
  const samples = seconds * rate;
  const wav = Buffer.alloc(44 + samples);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate, 28); // bytes per second
  wav.writeUInt16LE(1, 32); // block align
  wav.writeUInt16LE(8, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++) wav[44 + i] = 128 + Math.round(24 * Math.sin((2 * Math.PI * 440 * i) / rate));
  return wav;
}

interface TokenPair {
  access_token: string;
}
interface BulkReport {
  created: number;
  duplicates: number;
  failed: number;
  items: { file_name: string; status: string; candidate_id?: number; error?: { code: string; message: string } }[];
}
interface SendLinkReply {
  interview_id: number;
  link: string;
}
interface ChatMessage {
  role: 'assistant' | 'user';
  content: string;
}
interface AnswerReply {
  assistant_message: ChatMessage;
  is_complete: boolean;
}

const ANALYSIS_WAIT_MS = 30_000;

/** Plays the admin SPA and the candidate app against the API until the organization matches the plan. */
export class DemoSeeder {
  private readonly staff = new Map<DemoActor, Caller>();
  private readonly samples = samplesDirectory();
  /** Interviews this run completed, whose background scoring it waits for. */
  private readonly completedNow: number[] = [];

  constructor(
    private readonly client: DemoClient,
    private readonly inventory: DemoInventory,
    private readonly config: AppConfig,
    private readonly log: (line: string) => void,
  ) {}

  async run(before: DemoSnapshot | null): Promise<void> {
    await this.signIn(before);
    let snapshot = await this.current();
    await this.addUsers(snapshot);
    snapshot = await this.current();
    await this.publishJobs(snapshot);
    snapshot = await this.current();
    await this.uploadResumes(snapshot);
    snapshot = await this.current();
    await this.closeJobs(snapshot);
    await this.runInterviews(snapshot);
    await this.waitForAnalyses(snapshot.tenantId);
    snapshot = await this.current();
    await this.finishCompleted(snapshot);
    await this.browse(await this.current());
  }

  private async current(): Promise<DemoSnapshot> {
    const snapshot = await this.inventory.snapshot(DEMO_ADMIN.email);
    if (!snapshot) throw new SeedError('The demo organization disappeared while seeding');
    return snapshot;
  }

  private caller(actor: DemoActor): Caller {
    const caller = this.staff.get(actor);
    if (!caller) throw new SeedError(`Not signed in as ${actor}`);
    return caller;
  }

  private async login(actor: DemoActor, email: string): Promise<void> {
    const anonymous = STAFF_CALLERS[actor];
    const res = await this.client.call<TokenPair>(anonymous, 'POST', '/auth/login', { body: { email, password: DEMO_PASSWORD } }).catch((e: unknown) => {
      throw new SeedError(`Cannot log in as ${email} with the demo password (was it changed?): ${e instanceof Error ? e.message : String(e)}`);
    });
    this.staff.set(actor, { ...anonymous, accessToken: res.body.access_token });
  }

  private async signIn(before: DemoSnapshot | null): Promise<void> {
    if (before) {
      await this.login('admin', DEMO_ADMIN.email);
      return;
    }
    const res = await this.client.call<TokenPair>(STAFF_CALLERS.admin, 'POST', '/auth/register', {
      body: { organization_name: DEMO_ORGANIZATION, name: DEMO_ADMIN.name, email: DEMO_ADMIN.email, password: DEMO_PASSWORD },
    });
    this.staff.set('admin', { ...STAFF_CALLERS.admin, accessToken: res.body.access_token });
    await this.client.call(this.caller('admin'), 'GET', '/auth/me');
    await this.client.call(this.caller('admin'), 'PATCH', '/settings', {
      body: { company_name: 'Anadolu Yazılım', default_token_ttl_hours: 168, consent_required: true, candidate_retention_days: 365 },
    });
    this.log(`  registered ${DEMO_ADMIN.email} (admin) and set the company settings`);
  }

  private async addUsers(snapshot: DemoSnapshot): Promise<void> {
    for (const user of DEMO_USERS) {
      if (user.key === 'admin' || snapshot.users.some((u) => u.email === user.email)) continue;
      await this.client.call(this.caller('admin'), 'POST', '/users', {
        body: { email: user.email, name: user.name, role: user.role, ...(user.withPassword ? { password: DEMO_PASSWORD } : {}) },
      });
      this.log(`  added ${user.email} (${user.role}${user.withPassword ? '' : ', invited to set a password'})`);
    }
    await this.login('recruiter', DEMO_RECRUITER.email);
  }

  private async publishJobs(snapshot: DemoSnapshot): Promise<void> {
    for (const job of DEMO_JOBS) {
      if (snapshot.jobs.some((j) => j.title === job.title)) continue;
      await this.client.call(this.caller(job.owner), 'POST', '/jobs', {
        body: { title: job.title, description: job.description, location: job.location, skills: job.skills, is_active: true },
      });
      this.log(`  published job "${job.title}" (${job.owner})`);
    }
  }

  private jobId(snapshot: DemoSnapshot, job: DemoJob): number {
    const row = snapshot.jobs.find((j) => j.title === job.title);
    if (!row) throw new SeedError(`Job "${job.title}" is missing`);
    return row.id;
  }

  /** Sends the résumés of the job's missing candidates through bulk upload, in one request per job. */
  private async uploadResumes(snapshot: DemoSnapshot): Promise<void> {
    for (const job of DEMO_JOBS) {
      const jobId = this.jobId(snapshot, job);
      const missing = job.candidates.filter((c) => !snapshot.candidates.some((row) => row.jobId === jobId && row.email === c.email));
      const files = [...new Set(missing.map((c) => c.file))];
      if (!files.length) continue;
      const form = new FormData();
      for (const file of files) {
        const type = file.endsWith('.csv') ? 'text/csv' : 'text/plain';
        form.append('files', new Blob([readFileSync(join(this.samples, file))], { type }), file);
      }
      const { body } = await this.client.call<BulkReport>(this.caller(job.owner), 'POST', `/jobs/${jobId}/candidates/bulk-upload`, { form });
      const failed = body.items.filter((i) => i.status === 'failed');
      if (failed.length) throw new SeedError(`Bulk upload rejected ${failed.map((f) => `${f.file_name} (${f.error?.code})`).join(', ')}`);
      this.log(`  uploaded ${files.length} file(s) to "${job.title}": ${body.created} candidate(s) created, ${body.duplicates} already there`);
    }
    const after = await this.current();
    for (const entry of plannedCandidates()) {
      if (!findCandidate(after, entry)) throw new SeedError(`${entry.candidate.file} did not yield a candidate with e-mail ${entry.candidate.email}`);
    }
  }

  private async closeJobs(snapshot: DemoSnapshot): Promise<void> {
    for (const job of DEMO_JOBS) {
      const row = snapshot.jobs.find((j) => j.title === job.title);
      if (!row || job.isActive || !row.isActive) continue;
      await this.client.call(this.caller(job.owner), 'PATCH', `/jobs/${row.id}`, { body: { is_active: false } });
      this.log(`  closed job "${job.title}"`);
    }
  }

  private async runInterviews(snapshot: DemoSnapshot): Promise<void> {
    const previewed = new Set<string>();
    const entries = plannedCandidates().map((entry, index) => ({ entry, index }));
    for (const { entry, index } of entries) {
      const candidate = findCandidate(snapshot, entry);
      if (!candidate || reachedTarget(entry.candidate, interviewsOf(snapshot, candidate.id))) continue;
      const owner = this.caller(entry.job.owner);
      if (!previewed.has(entry.job.title)) {
        // A recruiter looks at the questions before inviting anyone.
        await this.client.call(owner, 'GET', `/jobs/${candidate.jobId}/questions`);
        previewed.add(entry.job.title);
      }
      await this.interview(entry, candidate.id, owner, candidateCaller(index));
      this.log(`  ${entry.candidate.email}: ${entry.candidate.target.replace('_', ' ')}`);
    }
  }

  private async interview(entry: PlannedEntry, candidateId: number, owner: Caller, app: Caller): Promise<void> {
    const plan = entry.candidate;
    const link = await this.client.call<SendLinkReply>(owner, 'POST', `/candidates/${candidateId}/send-link`, {
      body: plan.ttlHours ? { ttl_hours: plan.ttlHours } : {},
    });
    const token = /#token=([A-Za-z0-9_-]+)$/.exec(link.body.link)?.[1];
    if (!token) throw new SeedError('The invite link carries no token');
    if (plan.target === 'invited') return;
    if (plan.target === 'cancelled') {
      await this.client.call(owner, 'PATCH', `/interviews/${link.body.interview_id}`, { body: { status: 'cancelled' } });
      return;
    }

    const pub = `/public/interviews/${token}`;
    const info = await this.client.call<{ answered_count: number }>(app, 'GET', pub);
    await this.client.call(app, 'POST', `${pub}/consent`, { body: { accepted: true } });
    const started = await this.client.call<{ assistant_message: ChatMessage }>(app, 'POST', `${pub}/start`);
    let question = started.body.assistant_message.content;
    let answered = info.body.answered_count;
    const stopAfter = plan.target === 'in_progress' ? (plan.answered ?? 1) : Number.POSITIVE_INFINITY;
    const style = plan.answers ?? 'en-solid';
    while (answered < stopAfter) {
      const reply = await this.client.call<AnswerReply>(app, 'POST', `${pub}/messages`, {
        body: { content: answerFor(style, question, entry.job) },
        headers: { 'idempotency-key': randomUUID() },
      });
      answered++;
      if (plan.upload && answered === 2) await this.uploadRecording(app, token);
      if (reply.body.is_complete) {
        this.completedNow.push(link.body.interview_id);
        break;
      }
      question = reply.body.assistant_message.content;
    }
    if (plan.requestHuman) await this.client.call(app, 'POST', `${pub}/request-human`);
  }

  /** The candidate app's recording path: presign, PUT the bytes, report the upload. Best effort: storage may be elsewhere. */
  private async uploadRecording(app: Caller, token: string): Promise<void> {
    const recording = sampleRecording();
    const started = Date.now();
    try {
      const presigned = await this.client.call<{ presigned_url: string }>(app, 'POST', '/tokens/presign-upload', {
        body: { token, file_name: 'answer-2.wav', content_type: 'audio/wav' },
      });
      await this.client.putBytes(app, this.reachable(presigned.body.presigned_url), recording, 'audio/wav');
      await this.client.call(app, 'POST', '/metrics/log-upload', {
        body: { token, kind: 'audio', duration_ms: Date.now() - started, size_bytes: recording.length, success: true },
      });
    } catch (e) {
      this.log(`  (recording upload skipped: ${e instanceof Error ? e.message : String(e)})`);
    }
  }

  /** Dev-storage URLs name PUBLIC_URL; the seed's app listens elsewhere. S3 URLs are used as they are. */
  private reachable(url: string): string {
    const publicUrl = this.config.PUBLIC_URL.replace(/\/$/, '');
    return url.startsWith(`${publicUrl}/`) ? `${this.client.baseUrl}${url.slice(publicUrl.length)}` : url;
  }

  /** Completed interviews are scored in the background; wait for those scores (and their e-mails) rather than racing them. */
  private async waitForAnalyses(tenantId: number): Promise<void> {
    const deadline = Date.now() + ANALYSIS_WAIT_MS;
    while ((await this.inventory.unsettledAnalyses(tenantId, this.completedNow)) > 0) {
      if (Date.now() > deadline) {
        this.log('  some analyses are still pending; running them now');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A completed interview without a score is scored now; a planned transcript is stored and scored with. */
  private async finishCompleted(snapshot: DemoSnapshot): Promise<void> {
    for (const entry of plannedCandidates()) {
      if (entry.candidate.target !== 'completed') continue;
      const candidate = findCandidate(snapshot, entry);
      const interview = candidate && interviewsOf(snapshot, candidate.id).find((i) => i.status === 'completed');
      if (!interview) throw new SeedError(`The interview of ${entry.candidate.email} did not complete`);
      const owner = this.caller(entry.job.owner);
      if (entry.candidate.transcript && !snapshot.transcripts.has(interview.id)) {
        const { body: messages } = await this.client.call<ChatMessage[]>(owner, 'GET', `/conversation/${interview.id}?per_page=100`);
        const exchanges = messages.flatMap((m, i) => (m.role === 'user' && i > 0 ? [{ question: questionText(messages[i - 1].content), answer: m.content }] : []));
        await this.client.call(owner, 'POST', `/interviews/${interview.id}/transcript`, {
          body: { text: transcriptOf(entry.candidate.answers ?? 'en-solid', exchanges), provider: 'manual' },
        });
        await this.client.call(owner, 'POST', `/interviews/${interview.id}/analysis:run`);
        this.log(`  stored a transcript for ${entry.candidate.email} and scored the interview again`);
      } else if (!snapshot.analyses.has(interview.id)) {
        await this.client.call(owner, 'POST', `/interviews/${interview.id}/analysis:run`);
        this.log(`  scored the interview of ${entry.candidate.email}`);
      }
    }
  }

  /** What people do in the SPA after the work above: lists, results, the audit log, two mistakes. */
  private async browse(snapshot: DemoSnapshot): Promise<void> {
    const admin = this.caller('admin');
    const recruiter = this.caller('recruiter');
    for (const path of ['/users', '/settings', '/jobs?per_page=20', '/candidates?per_page=20', '/candidates?q=y%C4%B1lmaz', '/interviews?status=completed', '/metrics?window=24h']) {
      await this.client.call(admin, 'GET', path);
    }
    const ownerOf = new Map(DEMO_JOBS.map((job) => [this.jobId(snapshot, job), job.owner]));
    for (const interview of snapshot.interviews.filter((i) => i.status === 'completed')) {
      const who = ownerOf.get(interview.jobId) === 'recruiter' ? recruiter : admin;
      await this.client.call(who, 'GET', `/interviews/${interview.id}`);
      await this.client.call(who, 'GET', `/interviews/${interview.id}/analysis`);
      await this.client.call(who, 'GET', `/conversation/${interview.id}`);
      if (snapshot.uploads.has(interview.id)) await this.client.call(who, 'GET', `/interviews/${interview.id}/uploads`);
    }
    for (const job of DEMO_JOBS.filter((j) => j.owner === 'recruiter')) {
      const jobId = this.jobId(snapshot, job);
      await this.client.call(recruiter, 'GET', `/jobs/${jobId}/candidates?per_page=20`);
      await this.client.call(recruiter, 'GET', `/jobs/${jobId}/candidates/export`);
    }
    await this.client.call(recruiter, 'GET', '/candidates/2147483000', { accept: [404] });
    await this.client.call(recruiter, 'POST', '/jobs', { body: { title: '' }, accept: [400] });
    await this.client.call(admin, 'GET', '/audit/access-logs?per_page=50');
  }
}

/** The interview's first message greets the candidate before asking; a transcript keeps only the question. */
function questionText(message: string): string {
  const match = /There are \d+ questions\. (.*)$/s.exec(message);
  return match ? match[1] : message;
}
