import { Injectable } from '@nestjs/common';
import { AuthContext } from '../common/auth/auth-context';
import { AppException } from '../common/errors/app.exception';
import { InterviewsService } from '../interviews/interviews.service';
import { SaveTranscriptDto, TranscriptRead, TranscriptSaved } from './dto/transcript.dto';
import { TranscriptsRepository } from './transcripts.repository';

@Injectable()
export class TranscriptsService {
  constructor(
    private readonly transcripts: TranscriptsRepository,
    private readonly interviews: InterviewsService,
  ) {}

  async save(auth: AuthContext, interviewId: number, dto: SaveTranscriptDto): Promise<TranscriptSaved> {
    await this.interviews.require(auth.tenantId, interviewId);
    await this.transcripts.upsert(auth.tenantId, interviewId, dto.text, dto.provider);
    return { interview_id: interviewId, length: dto.text.length };
  }

  async get(auth: AuthContext, interviewId: number): Promise<TranscriptRead> {
    await this.interviews.require(auth.tenantId, interviewId);
    const transcript = await this.transcripts.findForInterview(auth.tenantId, interviewId);
    if (!transcript) throw AppException.notFound('Transcript');
    return { interview_id: interviewId, text: transcript.text };
  }
}
