import type { NewJob } from '../background/background-jobs';

/**
 * "This interview completed", as a durable event: a background job written in the transaction that
 * completes the interview, so it is handled (the interview scored, its recruiter told) exactly once, by
 * whichever instance claims it, even when the completing instance stops right after its commit.
 */
export const INTERVIEW_COMPLETED = 'interview.completed';

export interface InterviewCompletedPayload {
  interview_id: number;
}

export function interviewCompleted(interviewId: number): NewJob {
  const payload: InterviewCompletedPayload = { interview_id: interviewId };
  return { kind: INTERVIEW_COMPLETED, payload: { ...payload }, dedupeKey: `${INTERVIEW_COMPLETED}:${interviewId}` };
}
