import { Injectable } from '@nestjs/common';
import { AuthContext } from '../common/auth/auth-context';
import { AppException } from '../common/errors/app.exception';
import { InterviewsService } from '../interviews/interviews.service';
import type { ResolvedInvite } from '../invites/invites.service';
import { LogUploadDto } from './dto/log-upload.dto';
import { MetricsRead, MetricsWindow, WINDOWS } from './dto/metrics.dto';
import { MetricSamplesRepository } from './metric-samples.repository';
import { MetricsRecorder } from './metrics-recorder';
import { Prometheus } from './prometheus';

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

@Injectable()
export class MetricsService {
  constructor(
    private readonly samples: MetricSamplesRepository,
    private readonly recorder: MetricsRecorder,
    private readonly prometheus: Prometheus,
    private readonly interviews: InterviewsService,
  ) {}

  /** A client's report of one upload; the candidate token or the caller's organization decides the tenant. */
  async logUpload(auth: AuthContext | undefined, invite: ResolvedInvite | undefined, dto: LogUploadDto): Promise<void> {
    let tenantId: number;
    let interviewId: number | null = null;
    if (invite) {
      const { interview } = invite;
      if (dto.interview_id !== undefined && dto.interview_id !== interview.id) throw AppException.notFound('Interview');
      tenantId = interview.tenantId;
      interviewId = interview.id;
    } else if (auth) {
      if (auth.role === 'readonly') throw AppException.forbidden();
      tenantId = auth.tenantId;
      if (dto.interview_id !== undefined) interviewId = (await this.interviews.require(dto.interview_id)).id;
    } else {
      throw AppException.unauthorized('Send a candidate token in the body or a bearer access token');
    }
    const operation = `client-${dto.kind}`;
    this.prometheus.uploadDuration.observe({ operation, outcome: dto.success ? 'success' : 'failure' }, dto.duration_ms / 1000);
    this.recorder.record({
      tenantId,
      kind: 'upload',
      source: 'client',
      operation,
      durationMs: Math.round(dto.duration_ms),
      success: dto.success,
      sizeBytes: dto.size_bytes ?? null,
      interviewId,
    });
  }

  async read(window: MetricsWindow): Promise<MetricsRead> {
    // What this instance still holds in memory counts too.
    await this.recorder.flush();
    const stats = await this.samples.windowStats(new Date(Date.now() - WINDOWS[window]));
    return {
      upload_p95_ms: round(stats.uploadP95 ?? 0, 1),
      analysis_p95_ms: round(stats.analysisP95 ?? 0, 1),
      error_rate: stats.requests ? round(stats.serverErrors / stats.requests, 4) : 0,
      errors_by_type: stats.errorsByCode,
    };
  }
}
