export type QuestionCategory = 'role' | 'technical' | 'behavioural';

export interface InterviewQuestion {
  id: string;
  category: QuestionCategory;
  text: string;
}

export interface JobForQuestions {
  title: string;
  description: string;
  skills: string[];
}

/** Bounds every question set honours, whoever wrote it. */
export const MIN_QUESTIONS = 6;
export const MAX_QUESTIONS = 10;
export const MAX_QUESTION_TEXT = 300;

/** Trims, collapses whitespace and cuts to `max` characters; anything not a string becomes ''. */
export function clip(value: unknown, max: number): string {
  const text = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
  return text.length <= max ? text : text.slice(0, max).trimEnd();
}
