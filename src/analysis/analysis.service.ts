import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BackgroundJobs } from '../background/background-jobs';
import { AuthContext } from '../common/auth/auth-context';
import { AppException } from '../common/errors/app.exception';
import { ConversationRepository } from '../conversation/conversation.repository';
import { INTERVIEW_COMPLETED, InterviewCompletedPayload } from '../interviews/interview-events';
import { Interview } from '../interviews/interview.entity';
import { InterviewsRepository } from '../interviews/interviews.repository';
import { JobsRepository } from '../jobs/jobs.repository';
import { MetricsRecorder } from '../metrics/metrics-recorder';
import { Prometheus } from '../metrics/prometheus';
import { TranscriptsRepository } from '../transcripts/transcripts.repository';
import { WebhooksService } from '../webhooks/webhooks.service';
import { AnalysesRepository } from './analyses.repository';
import { InterviewAnalysisRead } from './dto/analysis.dto';
import { InterviewAnalysis } from './interview-analysis.entity';
import { analyzeInterview } from './rule-based-v1/analyze';

@Injectable()
export class AnalysisService implements OnModuleInit {
  private readonly logger = new Logger('Analysis');

  constructor(
    private readonly analyses: AnalysesRepository,
    private readonly interviews: InterviewsRepository,
    private readonly messages: ConversationRepository,
    private readonly transcripts: TranscriptsRepository,
    private readonly jobs: JobsRepository,
    private readonly webhooks: WebhooksService,
    private readonly recorder: MetricsRecorder,
    private readonly prometheus: Prometheus,
    private readonly background: BackgroundJobs,
  ) {}

  /** A completed interview is scored in the background and its recruiter notified; the candidate does not wait. */
  onModuleInit(): void {
    this.background.handle(INTERVIEW_COMPLETED, {
      run: (manager, job) => this.scoreCompleted(manager, job.tenantId, (job.payload as unknown as InterviewCompletedPayload).interview_id),
      gaveUp: async (job) => {
        const { interview_id } = job.payload as unknown as InterviewCompletedPayload;
        await this.interviews.setAnalysisStatus(job.tenantId, interview_id, 'failed');
      },
    });
  }

  /**
   * Scores a completed interview, marks it ready and queues its notifications, all in the job's
   * transaction and under the interview's row lock: scored once, whatever runs it and however often.
   */
  private async scoreCompleted(manager: EntityManager, tenantId: number, interviewId: number): Promise<void> {
    const interview = await this.interviews.lockForTenant(manager, tenantId, interviewId);
    if (!interview) return; // erased meanwhile
    if (interview.analysisStatus === 'ready') {
      // Scored by an analysis:run before the job's turn: that analysis is announced, once.
      const latest = await this.analyses.latestForInterview(tenantId, interviewId, manager);
      if (latest) await this.webhooks.notifyReadyWithin(manager, interview, latest);
      return;
    }
    if (interview.analysisStatus !== 'pending') return;
    const started = performance.now();
    let analysis;
    try {
      analysis = await this.score(interview, manager);
      this.observe(tenantId, interviewId, started, true);
    } catch (e) {
      this.observe(tenantId, interviewId, started, false);
      throw e;
    }
    await this.webhooks.notifyReadyWithin(manager, interview, analysis);
  }

  /** POST /interviews/{id}/analysis:run — timed by the latency interceptor. */
  async run(auth: AuthContext, interviewId: number): Promise<InterviewAnalysisRead> {
    const interview = await this.interviews.findForTenant(auth.tenantId, interviewId);
    if (!interview) throw AppException.notFound('Interview');
    return InterviewAnalysisRead.from(await this.score(interview));
  }

  async latest(auth: AuthContext, interviewId: number): Promise<InterviewAnalysisRead> {
    if (!(await this.interviews.findForTenant(auth.tenantId, interviewId))) throw AppException.notFound('Interview');
    const analysis = await this.analyses.latestForInterview(auth.tenantId, interviewId);
    if (!analysis) throw AppException.notFound('Analysis');
    return InterviewAnalysisRead.from(analysis);
  }

  private async score(interview: Interview, manager?: EntityManager): Promise<InterviewAnalysis> {
    const [answers, transcript, job] = [
      await this.messages.answersForInterview(interview.tenantId, interview.id, manager),
      await this.transcripts.findForInterview(interview.tenantId, interview.id, manager),
      await this.jobs.findForTenant(interview.tenantId, interview.jobId, manager),
    ];
    const result = analyzeInterview({
      answers,
      transcript: transcript?.text ?? null,
      job: { title: job?.title ?? '', description: job?.description ?? '', skills: job?.skills ?? [] },
    });
    const analysis = await this.analyses.add({
      tenantId: interview.tenantId,
      interviewId: interview.id,
      overallScore: result.overall_score,
      communicationScore: result.communication_score,
      technicalScore: result.technical_score,
      culturalFitScore: result.cultural_fit_score,
      summary: result.summary,
      strengths: result.strengths,
      weaknesses: result.weaknesses,
      modelUsed: result.model_used,
    }, manager);
    await this.interviews.setAnalysisStatus(interview.tenantId, interview.id, 'ready', manager);
    return analysis;
  }

  private observe(tenantId: number, interviewId: number, started: number, success: boolean): void {
    const ms = performance.now() - started;
    this.prometheus.analysisDuration.observe({ outcome: success ? 'success' : 'failure' }, ms / 1000);
    this.recorder.record({ tenantId, kind: 'analysis', source: 'server', operation: 'on-completion', durationMs: Math.round(ms), success, interviewId });
  }
}
