import { IsEmailAddress, OptionalNotNull, Trim } from '../../common/dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role, User } from '../user.entity';

export class UserRead {
  @ApiProperty({ type: 'integer', example: 7 }) id!: number;
  @ApiProperty({ type: 'integer', example: 3 }) tenant_id!: number;
  @ApiProperty({ example: 'ayse@acme.example' }) email!: string;
  @ApiProperty({ example: 'Ayşe Yılmaz' }) name!: string;
  @ApiProperty({ enum: ROLES, example: 'recruiter' }) role!: Role;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) created_at!: string;

  static from(u: User): UserRead {
    return { id: u.id, tenant_id: u.tenantId, email: u.email, name: u.name, role: u.role, created_at: u.createdAt.toISOString() };
  }
}

export class CreateUserDto {
  @ApiProperty({ example: 'mehmet@acme.example', maxLength: 254 })
  @Trim()
  @IsEmailAddress()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Mehmet Demir', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ROLES, example: 'recruiter' })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({
    example: 'correct horse battery',
    minLength: 10,
    maxLength: 200,
    description: 'Without a password the user receives an e-mail with a link to set one',
  })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Mehmet Demir', maxLength: 200 })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, example: 'readonly' })
  @OptionalNotNull()
  @IsIn(ROLES)
  role?: Role;
}
