import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ALL_ROLES, CurrentAuth, Public, Roles } from '../common/auth/access.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { AuthRateLimit } from '../common/http/rate-limit.guard';
import { UserRead } from '../users/dto/user.dto';
import { AuthService } from './auth.service';
import { AuthTokens, ChangePasswordDto, LoginDto, RefreshTokenDto, RegisterDto, SetPasswordDto, UpdateMeDto } from './dto/auth.dto';

@ApiTags('auth')
@ApiBadRequestResponse({ description: 'Invalid input', type: ErrorEnvelope })
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @AuthRateLimit()
  @Public()
  @ApiOperation({ summary: 'Create an organization and its first user (role admin)' })
  @ApiCreatedResponse({ type: AuthTokens })
  @ApiConflictResponse({ description: 'E-mail already registered', type: ErrorEnvelope })
  register(@Body() dto: RegisterDto): Promise<AuthTokens> {
    return this.auth.register(dto);
  }

  @Post('login')
  @AuthRateLimit()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange e-mail and password for an access and a refresh token' })
  @ApiOkResponse({ type: AuthTokens })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password (the same answer for both)', type: ErrorEnvelope })
  login(@Body() dto: LoginDto): Promise<AuthTokens> {
    return this.auth.login(dto);
  }

  @Post('refresh')
  @AuthRateLimit()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate a refresh token; re-using a rotated token revokes every token of its login' })
  @ApiOkResponse({ type: AuthTokens })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired, revoked or re-used refresh token', type: ErrorEnvelope })
  refresh(@Body() dto: RefreshTokenDto): Promise<AuthTokens> {
    return this.auth.refresh(dto.refresh_token);
  }

  @Post('logout')
  @AuthRateLimit()
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the refresh token and every token rotated from the same login' })
  @ApiNoContentResponse({ description: 'Logged out (also when the token was already dead)' })
  logout(@Body() dto: RefreshTokenDto): Promise<void> {
    return this.auth.logout(dto.refresh_token);
  }

  @Post('set-password')
  @AuthRateLimit()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Set the password of an invited user with the token from the e-mail, and log in' })
  @ApiOkResponse({ type: AuthTokens })
  @ApiBadRequestResponse({ description: 'INVALID_TOKEN: unknown, used or expired', type: ErrorEnvelope })
  setPassword(@Body() dto: SetPasswordDto): Promise<AuthTokens> {
    return this.auth.setPassword(dto);
  }

  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'The current user' })
  @ApiOkResponse({ type: UserRead })
  me(@CurrentAuth() auth: AuthContext): Promise<UserRead> {
    return this.auth.me(auth);
  }

  @Patch('me')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Change your own name or e-mail' })
  @ApiOkResponse({ type: UserRead })
  @ApiConflictResponse({ description: 'E-mail already used', type: ErrorEnvelope })
  updateMe(@CurrentAuth() auth: AuthContext, @Body() dto: UpdateMeDto): Promise<UserRead> {
    return this.auth.updateMe(auth, dto);
  }

  @Post('change-password')
  @AuthRateLimit()
  @Roles(...ALL_ROLES)
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your password; every refresh token of yours is revoked' })
  @ApiNoContentResponse({ description: 'Password changed' })
  changePassword(@CurrentAuth() auth: AuthContext, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(auth, dto);
  }
}
