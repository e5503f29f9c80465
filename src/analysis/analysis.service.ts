import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AuthContext } from '../common/auth/auth-context';
import { AppException } from '../common/errors/app.exception';
import { ConversationRepository } from '../conversation/conversation.repository';
import { InterviewEvents } from '../interviews/interview-events';
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

/** Completed interviews still waiting for a score are picked up this long after start-up, this many at a time. */
const PENDING_SWEEP_DELAY_MS = 5_000;
const PENDING_SWEEP = 100;

@Injectable()
export class AnalysisService implements OnModuleInit, OnApplicationBootstrap {
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
    private readonly events: InterviewEvents,
  ) {}

  /** A completed interview is scored in the background and its recruiter notified; the candidate does not wait. */
  onModuleInit(): void {
    this.events.onCompleted((tenantId, interviewId) => this.scoreCompleted(tenantId, interviewId));
  }

  /** Interviews completed while an instance was stopping are still pending: score them after start-up. */
  onApplicationBootstrap(): void {
    setTimeout(() => {
      void this.interviews
        .pendingAnalyses(PENDING_SWEEP)
        .then(async (pending) => {
          for (const { tenantId, id } of pending) await this.scoreCompleted(tenantId, id).catch((e: unknown) => this.logger.error({ err: e, interview_id: id }, 'pending analysis failed'));
        })
        .catch((e: unknown) => this.logger.warn({ err: e }, 'could not look for pending analyses'));
    }, PENDING_SWEEP_DELAY_MS).unref();
  }

  private async scoreCompleted(tenantId: number, interviewId: number): Promise<void> {
    const started = performance.now();
    const interview = await this.interviews.findForTenant(tenantId, interviewId);
    if (!interview) return;
    let analysis;
    try {
      analysis = await this.score(interview);
      this.observe(tenantId, interviewId, started, true);
    } catch (e) {
      this.observe(tenantId, interviewId, started, false);
      await this.interviews.setAnalysisStatus(tenantId, interviewId, 'failed');
      throw e;
    }
    await this.webhooks.notifyReady(interview, analysis);
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

  private async score(interview: Interview): Promise<InterviewAnalysis> {
    const [answers, transcript, job] = [
      await this.messages.answersForInterview(interview.tenantId, interview.id),
      await this.transcripts.findForInterview(interview.tenantId, interview.id),
      await this.jobs.findForTenant(interview.tenantId, interview.jobId),
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
    });
    await this.interviews.setAnalysisStatus(interview.tenantId, interview.id, 'ready');
    return analysis;
  }

  private observe(tenantId: number, interviewId: number, started: number, success: boolean): void {
    const ms = performance.now() - started;
    this.prometheus.analysisDuration.observe({ outcome: success ? 'success' : 'failure' }, ms / 1000);
    this.recorder.record({ tenantId, kind: 'analysis', source: 'server', operation: 'on-completion', durationMs: Math.round(ms), success, interviewId });
  }
}
