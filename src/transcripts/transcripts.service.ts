import { Injectable } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';
import { InterviewsService } from '../interviews/interviews.service';
import { SaveTranscriptDto, TranscriptRead, TranscriptSaved } from './dto/transcript.dto';
import { Transcript } from './transcript.entity';
import { TranscriptsRepository } from './transcripts.repository';

@Injectable()
export class TranscriptsService {
  constructor(
    private readonly transcripts: TranscriptsRepository,
    private readonly interviews: InterviewsService,
  ) {}

  async save(interviewId: number, dto: SaveTranscriptDto): Promise<TranscriptSaved> {
    await this.interviews.require(interviewId);
    await this.transcripts.upsert(interviewId, dto.text, dto.provider);
    return { interview_id: interviewId, length: dto.text.length };
  }

  async get(interviewId: number): Promise<TranscriptRead> {
    await this.interviews.require(interviewId);
    const transcript = await this.transcripts.findForInterview(interviewId);
    if (!transcript) throw AppException.notFound('Transcript');
    return { interview_id: interviewId, text: transcript.text };
  }

  /** The interview's transcript, if any (for scoring). */
  find(interviewId: number): Promise<Transcript | null> {
    return this.transcripts.findForInterview(interviewId);
  }
}
