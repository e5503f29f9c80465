import { createHash } from 'node:crypto';
import { TenantScope } from '../database/tenant-scope';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Job } from '../jobs/job.entity';
import { JobsService } from '../jobs/jobs.service';
import { generateQuestions } from './deterministic-questions';
import { GeminiQuestionsProvider } from './gemini-questions.provider';
import { InterviewQuestion } from './question.types';

export interface QuestionSet {
  source: 'deterministic' | 'llm';
  questions: InterviewQuestion[];
}

/**
 * A job's interview questions. Generated once per version of the job's text and stored on the job, so
 * an LLM-written set stays the same for every candidate until the job changes.
 */
@Injectable()
export class QuestionsService {
  private readonly logger = new Logger('Questions');
  private readonly llm?: GeminiQuestionsProvider;

  constructor(
    private readonly jobs: JobsService,
    config: AppConfig,
  ) {
    if (config.GEMINI_API_KEY) {
      this.llm = new GeminiQuestionsProvider({
        apiKey: config.GEMINI_API_KEY,
        baseUrl: config.GEMINI_BASE_URL,
        model: config.GEMINI_MODEL,
        timeoutMs: config.GEMINI_TIMEOUT_MS,
      });
    }
  }

  async forJob(job: Job): Promise<QuestionSet> {
    const input = { title: job.title, description: job.description, skills: job.skills };
    const hash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    if (job.questionSet?.hash === hash) return { source: job.questionSet.source, questions: job.questionSet.questions };
    let set: QuestionSet = { source: 'deterministic', questions: generateQuestions(input) };
    if (this.llm) {
      try {
        set = { source: 'llm', questions: await this.llm.generate(input) };
      } catch (e) {
        this.logger.warn({ job_id: job.id, reason: e instanceof Error ? e.message : String(e) }, 'LLM questions failed; using the deterministic set');
        // Not stored: the next request tries the model again.
        return set;
      }
    }
    await TenantScope.run(job.tenantId, () => this.jobs.saveQuestionSet(job.id, { ...set, hash }));
    return set;
  }
}
