import { ApiProperty } from '@nestjs/swagger';
import { Equals, IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';
import { ConversationMessageRead, MAX_MESSAGE_LENGTH } from '../../conversation/dto/conversation.dto';
import { INTERVIEW_STATUSES, type InterviewStatus } from '../../interviews/interview.entity';

export class ConsentState {
  @ApiProperty({ example: true, description: 'The organization requires consent before the interview starts' }) required!: boolean;
  @ApiProperty({ example: false }) given!: boolean;
  @ApiProperty({ example: 'v1', description: 'Version of the consent text the candidate is shown' }) text_version!: string;
  @ApiProperty({ example: null, nullable: true, type: String }) given_at!: string | null;
}

/** What the candidate app shows: nothing that identifies other records, no e-mail address. */
export class PublicInterviewRead {
  @ApiProperty({ example: 'Ada' }) candidate_first_name!: string;
  @ApiProperty({ example: 'Backend Engineer' }) position_title!: string;
  @ApiProperty({ example: 'Acme' }) company_name!: string;
  @ApiProperty({ enum: INTERVIEW_STATUSES, example: 'scheduled' }) status!: InterviewStatus;
  @ApiProperty({ example: '2026-11-29T10:00:00.000Z' }) expires_at!: string;
  @ApiProperty({ type: 'integer', example: 8 }) question_count!: number;
  @ApiProperty({ type: 'integer', example: 0 }) answered_count!: number;
  @ApiProperty({ type: ConsentState }) consent!: ConsentState;
  @ApiProperty({ example: false }) human_requested!: boolean;
}

export class ConsentDto {
  @ApiProperty({ example: true, description: 'Must be true: the candidate accepts the consent text' })
  @IsBoolean()
  @Equals(true, { message: 'accepted must be true' })
  accepted!: boolean;
}

export class AnswerDto {
  @ApiProperty({ example: 'At my last job I led the migration of our billing service to PostgreSQL…', maxLength: MAX_MESSAGE_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_MESSAGE_LENGTH)
  content!: string;
}

export class StartRead {
  @ApiProperty({ type: ConversationMessageRead }) assistant_message!: ConversationMessageRead;
  @ApiProperty({ example: false }) is_complete!: boolean;
}

export class AnswerRead {
  @ApiProperty({ type: ConversationMessageRead }) user_message!: ConversationMessageRead;
  @ApiProperty({ type: ConversationMessageRead, description: 'The next question, or the closing message when is_complete' })
  assistant_message!: ConversationMessageRead;
  @ApiProperty({ example: false }) is_complete!: boolean;
}

export class OkRead {
  @ApiProperty({ example: true }) ok!: true;
}
