import { Injectable } from '@nestjs/common';
import { AuthContext } from '../common/auth/auth-context';
import { AppException } from '../common/errors/app.exception';
import { InterviewsService } from '../interviews/interviews.service';
import { InvitesService } from '../invites/invites.service';
import { LogUploadDto } from './dto/log-upload.dto';
import { MetricSamplesRepository } from './metric-samples.repository';

@Injectable()
export class MetricsService {
  constructor(
    private readonly samples: MetricSamplesRepository,
    private readonly invites: InvitesService,
    private readonly interviews: InterviewsService,
  ) {}

  /** A client's report of one upload; the candidate token or the caller's organization decides the tenant. */
  async logUpload(auth: AuthContext | undefined, dto: LogUploadDto): Promise<void> {
    let tenantId: number;
    let interviewId: number | null = null;
    if (dto.token) {
      const { interview } = await this.invites.resolve(dto.token);
      if (dto.interview_id !== undefined && dto.interview_id !== interview.id) throw AppException.notFound('Interview');
      tenantId = interview.tenantId;
      interviewId = interview.id;
    } else if (auth) {
      if (auth.role === 'readonly') throw AppException.forbidden();
      tenantId = auth.tenantId;
      if (dto.interview_id !== undefined) interviewId = (await this.interviews.require(auth.tenantId, dto.interview_id)).id;
    } else {
      throw AppException.unauthorized('Send a candidate token in the body or a bearer access token');
    }
    await this.samples.insertMany([
      {
        tenantId,
        kind: 'upload',
        source: 'client',
        operation: `client-${dto.kind}`,
        durationMs: Math.round(dto.duration_ms),
        success: dto.success,
        sizeBytes: dto.size_bytes ?? null,
        interviewId,
      },
    ]);
  }
}
