import { IsEmailAddress, OptionalNotNull, Trim } from '../../common/dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { UserRead } from '../../users/dto/user.dto';

export class RegisterDto {
  @ApiProperty({ example: 'Acme Ltd', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  organization_name!: string;

  @ApiProperty({ example: 'Ayşe Yılmaz', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'ayse@acme.example', maxLength: 254 })
  @Trim()
  @IsEmailAddress()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery', minLength: 10, maxLength: 200 })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ayse@acme.example' })
  @Trim()
  @IsEmailAddress()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class RefreshTokenDto {
  @ApiProperty({ example: 'q3Zb0J9m1wzJ3m8yQG1mPpP0a5p2pY0m2c9t1b4x7Hk', description: 'The opaque refresh token from login' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refresh_token!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  current_password!: string;

  @ApiProperty({ example: 'staple battery horse correct', minLength: 10, maxLength: 200 })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  new_password!: string;
}

export class SetPasswordDto {
  @ApiProperty({ example: 'pV8c…', description: 'The token from the set-password e-mail link' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ example: 'correct horse battery', minLength: 10, maxLength: 200 })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ example: 'Ayşe Yılmaz', maxLength: 200 })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'ayse.yilmaz@acme.example', maxLength: 254 })
  @OptionalNotNull()
  @Trim()
  @IsEmailAddress()
  @MaxLength(254)
  email?: string;
}

export class AuthTokens {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' }) access_token!: string;
  @ApiProperty({ example: 'q3Zb0J9m1wzJ3m8yQG1mPpP0a5p2pY0m2c9t1b4x7Hk' }) refresh_token!: string;
  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] }) token_type!: 'Bearer';
  @ApiProperty({ type: 'integer', example: 900, description: 'Lifetime of the access token in seconds' }) expires_in!: number;
  @ApiProperty({ type: UserRead }) user!: UserRead;
}
