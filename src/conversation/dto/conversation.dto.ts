import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';
import { ConversationMessage, MESSAGE_ROLES, type MessageRole } from '../conversation-message.entity';

export const MAX_MESSAGE_LENGTH = 10_000;

export class CreateMessageDto {
  @ApiProperty({ type: 'integer', example: 7 })
  @IsInt()
  @Min(1)
  @Max(2147483647)
  interview_id!: number;

  @ApiProperty({ enum: MESSAGE_ROLES, example: 'assistant' })
  @IsIn(MESSAGE_ROLES)
  role!: MessageRole;

  @ApiProperty({ example: 'Tell us about a project you are proud of.', maxLength: MAX_MESSAGE_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_MESSAGE_LENGTH)
  content!: string;

  @ApiProperty({ type: 'integer', example: 1, minimum: 1, maximum: 100000, description: 'Unique per interview; re-sending the same message is idempotent' })
  @IsInt()
  @Min(1)
  @Max(100000)
  sequence_number!: number;
}

export class ConversationPageQuery extends PageQueryDto {
  @ApiProperty({ type: 'integer', required: false, default: 100, minimum: 1, maximum: 100, example: 100 })
  override per_page: number = 100;
}

export class ConversationMessageRead {
  @ApiProperty({ type: 'integer', example: 31 }) id!: number;
  @ApiProperty({ type: 'integer', example: 7 }) interview_id!: number;
  @ApiProperty({ enum: MESSAGE_ROLES, example: 'assistant' }) role!: MessageRole;
  @ApiProperty({ example: 'Tell us about a project you are proud of.' }) content!: string;
  @ApiProperty({ type: 'integer', example: 1 }) sequence_number!: number;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) timestamp!: string;

  static from(m: ConversationMessage): ConversationMessageRead {
    return {
      id: m.id,
      interview_id: m.interviewId,
      role: m.role,
      content: m.content,
      sequence_number: m.sequenceNumber,
      timestamp: m.createdAt.toISOString(),
    };
  }
}
