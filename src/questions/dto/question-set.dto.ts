import { ApiProperty } from '@nestjs/swagger';

export class QuestionRead {
  @ApiProperty({ example: 'q1' }) id!: string;
  @ApiProperty({ enum: ['role', 'technical', 'behavioural'], example: 'technical' }) category!: string;
  @ApiProperty({ example: 'Describe a project where you used Docker. What was your role and what was the outcome?' }) text!: string;
}

export class QuestionSetRead {
  @ApiProperty({ type: 'integer', example: 12 }) job_id!: number;
  @ApiProperty({ enum: ['deterministic', 'llm'], example: 'deterministic', description: 'llm when GEMINI_API_KEY is set and the model answered well' })
  source!: 'deterministic' | 'llm';
  @ApiProperty({ type: [QuestionRead] }) questions!: QuestionRead[];
}
