import type TestAgent from 'supertest/lib/agent';
import { createCandidate, createJob, sendLink, Session } from './factories';

export const ANSWERS = [
  'I led the migration of our billing service from MySQL to PostgreSQL, cutting p95 latency by 40% over 3 months. We worked together as a team of four.',
  'First I profile, then I fix the hottest path. For example I used TypeScript types to remove a class of bugs; as a result incidents dropped by 30%.',
  'I am passionate about learning. I mentored two juniors and we paired on Docker and Kubernetes deployments every week.',
  'We had a disagreement about Kafka partitioning; I listened, we benchmarked both options with 10 million events and chose together.',
  'I took responsibility for an outage I caused, wrote the postmortem and added automated tests so it cannot happen again.',
  'I want to grow into a staff engineer role and I am excited about your product because hiring is hard.',
  'I keep learning through side projects and reading; last year I built a small Rust tool to parse logs 5x faster.',
  'I prioritise by impact and effort, and I communicate trade-offs early to product managers.',
  'Our team shipped weekly; I owned the CI pipeline and reduced build time from 20 to 6 minutes.',
  'Thank you, I enjoyed this conversation.',
];

/** Plays an interview to completion through the candidate app; returns the interview id. */
export async function completeInterview(http: TestAgent, who: Session, jobId?: number): Promise<{ interviewId: number; candidateId: number; token: string }> {
  const job = jobId ?? (await createJob(http, who, { title: 'Backend Engineer', skills: ['TypeScript', 'PostgreSQL', 'Docker', 'Kafka'] })).id;
  const candidate = await createCandidate(http, who, job);
  const { token, interview_id } = await sendLink(http, who, candidate.id);
  const pub = `/api/v1/public/interviews/${token}`;
  await http.post(`${pub}/consent`).send({ accepted: true }).expect(200);
  await http.post(`${pub}/start`).expect(200);
  for (let i = 0; ; i++) {
    const res = await http.post(`${pub}/messages`).send({ content: ANSWERS[i % ANSWERS.length] }).expect(200);
    if (res.body.is_complete) break;
  }
  return { interviewId: interview_id, candidateId: candidate.id, token };
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
