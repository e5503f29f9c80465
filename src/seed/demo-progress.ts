/** How far the demo organization is from its plan, and what it holds. */
import type { Interview } from '../interviews/interview.entity';
import type { DemoSnapshot } from './demo-inventory';
import { DEMO_JOBS, DEMO_USERS, DemoCandidate, DemoJob, plannedCandidates } from './demo-plan';

export interface DemoCounts {
  users: number;
  /** Users who have not set a password yet (they were sent a link). */
  pending_users: number;
  jobs: number;
  active_jobs: number;
  candidates: number;
  /** Interviews by status as the API reports it (an open interview whose link expired is `expired`). */
  interviews: Record<string, number>;
  completed_with_analysis: number;
  analyses: number;
  transcripts: number;
  messages: number;
  uploads: number;
  /** Invite links sent and not yet used to start: scheduled interviews. */
  pending_invites: number;
  access_logs: number;
  emails: number;
}

export type PlannedEntry = { job: DemoJob; candidate: DemoCandidate };

export function interviewsOf(snapshot: DemoSnapshot, candidateId: number): Interview[] {
  return snapshot.interviews.filter((i) => i.candidateId === candidateId);
}

/** Whether the candidate's interviews have got as far as the plan says (analyses and transcripts aside). */
export function reachedTarget(plan: DemoCandidate, interviews: Interview[]): boolean {
  switch (plan.target) {
    case 'new':
      return true;
    case 'invited':
      return interviews.length > 0;
    case 'cancelled':
      return interviews.some((i) => i.status === 'cancelled' || i.status === 'completed');
    case 'in_progress':
      return interviews.some((i) => ['in_progress', 'completed'].includes(i.status) && (!plan.requestHuman || i.humanRequestedAt !== null));
    case 'completed':
      return interviews.some((i) => i.status === 'completed');
  }
}

export function findCandidate(snapshot: DemoSnapshot, entry: PlannedEntry): DemoSnapshot['candidates'][number] | undefined {
  const job = snapshot.jobs.find((j) => j.title === entry.job.title);
  return job && snapshot.candidates.find((c) => c.jobId === job.id && c.email === entry.candidate.email);
}

/** Everything of the plan the snapshot lacks, described for people; empty when the organization is complete. */
export function missingWork(snapshot: DemoSnapshot): string[] {
  const missing: string[] = [];
  for (const user of DEMO_USERS) if (!snapshot.users.some((u) => u.email === user.email)) missing.push(`user ${user.email}`);
  for (const job of DEMO_JOBS) {
    const row = snapshot.jobs.find((j) => j.title === job.title);
    if (!row) missing.push(`job "${job.title}"`);
    else if (row.isActive && !job.isActive) missing.push(`closing job "${job.title}"`);
  }
  for (const entry of plannedCandidates()) {
    const candidate = findCandidate(snapshot, entry);
    if (!candidate) {
      missing.push(`candidate ${entry.candidate.email}`);
      continue;
    }
    const interviews = interviewsOf(snapshot, candidate.id);
    if (!reachedTarget(entry.candidate, interviews)) {
      missing.push(`${entry.candidate.target} interview of ${entry.candidate.email}`);
      continue;
    }
    if (entry.candidate.target !== 'completed') continue;
    const done = interviews.filter((i) => i.status === 'completed');
    if (!done.some((i) => snapshot.analyses.has(i.id))) missing.push(`analysis of ${entry.candidate.email}`);
    if (entry.candidate.transcript && !done.some((i) => snapshot.transcripts.has(i.id))) missing.push(`transcript of ${entry.candidate.email}`);
  }
  return missing;
}

export function countsOf(snapshot: DemoSnapshot): DemoCounts {
  const now = new Date();
  const interviews: Record<string, number> = {};
  for (const i of snapshot.interviews) {
    const status = i.effectiveStatus(now);
    interviews[status] = (interviews[status] ?? 0) + 1;
  }
  const completed = snapshot.interviews.filter((i) => i.status === 'completed');
  return {
    users: snapshot.users.length,
    pending_users: snapshot.users.filter((u) => u.passwordHash === null).length,
    jobs: snapshot.jobs.length,
    active_jobs: snapshot.jobs.filter((j) => j.isActive).length,
    candidates: snapshot.candidates.length,
    interviews,
    completed_with_analysis: completed.filter((i) => snapshot.analyses.has(i.id)).length,
    analyses: [...snapshot.analyses.values()].reduce((a, b) => a + b, 0),
    transcripts: snapshot.transcripts.size,
    messages: snapshot.messages,
    uploads: [...snapshot.uploads.values()].reduce((a, b) => a + b, 0),
    pending_invites: snapshot.interviews.filter((i) => i.effectiveStatus(now) === 'scheduled').length,
    access_logs: snapshot.accessLogs,
    emails: snapshot.emails,
  };
}
