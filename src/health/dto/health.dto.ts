import { ApiProperty } from '@nestjs/swagger';

export class HealthRead {
  @ApiProperty({ enum: ['ok', 'error'], example: 'ok' }) status!: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'], example: 'up' }) database!: 'up' | 'down';
  @ApiProperty({ example: '1.0.0' }) version!: string;
}

export class LivenessRead {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status!: 'ok';
  @ApiProperty({ example: '1.0.0' }) version!: string;
}
