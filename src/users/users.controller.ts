import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/access.decorators';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { ApiIdParam, IdParam } from '../common/http/id-param';
import { ApiPage, Page, PageQueryDto } from '../common/pagination/pagination';
import { CreateUserDto, UpdateUserDto, UserRead } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBadRequestResponse({ description: 'Invalid input', type: ErrorEnvelope })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('admin', 'recruiter')
  @ApiOperation({ summary: "The organization's users, oldest first" })
  @ApiPage(UserRead)
  list(@Query() query: PageQueryDto): Promise<Page<UserRead>> {
    return this.users.list(query);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a user; without a password they receive an e-mail link to set one' })
  @ApiCreatedResponse({ type: UserRead })
  @ApiConflictResponse({ description: 'E-mail already registered', type: ErrorEnvelope })
  create(@Body() dto: CreateUserDto): Promise<UserRead> {
    return this.users.create(dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiIdParam('id', 'User id')
  @ApiOperation({ summary: "Change a user's name or role" })
  @ApiOkResponse({ type: UserRead })
  @ApiNotFoundResponse({ description: 'No such user in your organization', type: ErrorEnvelope })
  @ApiConflictResponse({ description: 'Would leave the organization without an admin', type: ErrorEnvelope })
  update(@IdParam() id: number, @Body() dto: UpdateUserDto): Promise<UserRead> {
    return this.users.update(id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiIdParam('id', 'User id')
  @ApiOperation({ summary: 'Remove a user; their sessions end at once' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'No such user in your organization', type: ErrorEnvelope })
  @ApiConflictResponse({ description: 'Would leave the organization without an admin', type: ErrorEnvelope })
  remove(@IdParam() id: number): Promise<void> {
    return this.users.remove(id);
  }
}
