import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { GroupService, type Principal, UserAdminService } from '@apdc/access';
import { CURSOR_KEYS, UnauthenticatedError, decodeCursor, toPage } from '@apdc/platform';
import { CreateGroupDto, CreateUserDto, IssueTokenDto, SetMemberDto } from '../dto/access.dto.js';
import {
  GroupDto,
  GroupPageDto,
  IssuedTokenDto,
  MeDto,
  MemberListDto,
  UserDto,
  UserPageDto,
} from '../dto/access.response.js';
import { DEFAULT_PAGE_SIZE, PaginationQuery } from '../dto/pagination.query.js';
import { ApiProblemResponses } from '../http/api-problem-responses.js';
import { sendJson } from '../http/json-response.js';
import { RequestPrincipal } from '../http/request-principal.js';

@ApiTags('access')
@ApiBearerAuth()
@ApiProblemResponses(401, 500)
@Controller('api/v1')
export class AccessController {
  constructor(
    private readonly users: UserAdminService,
    private readonly groups: GroupService,
  ) {}

  @Get('me')
  @ApiOperation({
    summary:
      'The caller: account, and each group whose rights they hold with their role there (inherited included)',
  })
  @ApiOkResponse({ type: MeDto })
  async me(
    @RequestPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (principal.userId === undefined) throw new UnauthenticatedError('No API token was sent');
    const user = await this.users.getUser(principal, principal.userId);
    sendJson(request, response, {
      ...user,
      groupRoles: [...principal.groupRoles]
        .map(([groupId, role]) => ({ groupId, role }))
        .sort((a, b) => a.groupId.localeCompare(b.groupId)),
    });
  }

  @Post('users')
  @ApiOperation({ summary: 'Create a user (admins)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblemResponses(400, 403, { status: 409, description: 'A user with this e-mail exists already' })
  async createUser(
    @RequestPrincipal() principal: Principal,
    @Body() body: CreateUserDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const user = await this.users.createUser(principal, {
      email: body.email,
      name: body.name,
      isAdmin: body.admin ?? false,
    });
    response.setHeader('Location', `/api/v1/users/${user.id}`);
    sendJson(request, response, user, { status: 201 });
  }

  @Get('users')
  @ApiOperation({ summary: 'List users (admins)' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiProblemResponses(400, 403)
  async listUsers(
    @RequestPrincipal() principal: Principal,
    @Query() query: PaginationQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const users = await this.users.listUsers(
      principal,
      decodeCursor(query.cursor, CURSOR_KEYS.uuid),
      limit + 1,
    );
    sendJson(
      request,
      response,
      toPage(
        users,
        limit,
        (user) => user.id,
        (user) => user,
      ),
    );
  }

  @Get('users/:userId')
  @ApiOperation({ summary: 'A user (admins, or the user)' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblemResponses(403, 404)
  async getUser(
    @RequestPrincipal() principal: Principal,
    @Param('userId') userId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    sendJson(request, response, await this.users.getUser(principal, userId));
  }

  @Post('users/:userId/tokens')
  @ApiOperation({
    summary: 'Issue an API token (admins, or the user); the token is shown only in this answer',
  })
  @ApiCreatedResponse({ type: IssuedTokenDto })
  @ApiProblemResponses(400, 403, 404)
  async issueToken(
    @RequestPrincipal() principal: Principal,
    @Param('userId') userId: string,
    @Body() body: IssueTokenDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const issued = await this.users.issueToken(principal, userId, {
      label: body.label,
      expiresAt: body.expiresAt === undefined ? undefined : new Date(body.expiresAt),
    });
    response.setHeader('Cache-Control', 'no-store');
    sendJson(request, response, issued, { status: 201 });
  }

  @Delete('users/:userId/tokens/:tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblemResponses(403, { status: 404, description: 'The user has no such token' })
  async revokeToken(
    @RequestPrincipal() principal: Principal,
    @Param('userId') userId: string,
    @Param('tokenId') tokenId: string,
  ): Promise<void> {
    await this.users.revokeToken(principal, userId, tokenId);
  }

  @Get('groups')
  @ApiOperation({ summary: 'List groups with their parents' })
  @ApiOkResponse({ type: GroupPageDto })
  @ApiProblemResponses(400)
  async listGroups(
    @Query() query: PaginationQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const groups = await this.groups.list(decodeCursor(query.cursor, CURSOR_KEYS.slug), limit + 1);
    sendJson(
      request,
      response,
      toPage(
        groups,
        limit,
        (group) => group.slug,
        (group) => group,
      ),
    );
  }

  @Post('groups')
  @ApiOperation({
    summary: 'Create a group, optionally inside a parent group whose rights it inherits (admins)',
  })
  @ApiCreatedResponse({ type: GroupDto })
  @ApiProblemResponses(
    400,
    403,
    { status: 404, description: 'No such parent group' },
    {
      status: 409,
      description: 'A group with this slug exists already',
    },
  )
  async createGroup(
    @RequestPrincipal() principal: Principal,
    @Body() body: CreateGroupDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const group = await this.groups.createGroup(principal, body);
    response.setHeader('Location', `/api/v1/groups/${group.slug}`);
    sendJson(request, response, group, { status: 201 });
  }

  @Get('groups/:slug')
  @ApiOperation({ summary: 'A group' })
  @ApiOkResponse({ type: GroupDto })
  @ApiProblemResponses(404)
  async getGroup(
    @Param('slug') slug: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    sendJson(request, response, await this.groups.getBySlug(slug));
  }

  @Get('groups/:slug/members')
  @ApiOperation({ summary: 'Members of a group and their roles (admins)' })
  @ApiOkResponse({ type: MemberListDto })
  @ApiProblemResponses(403, 404)
  async members(
    @RequestPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    sendJson(request, response, { items: await this.groups.members(principal, slug) });
  }

  @Post('groups/:slug/members')
  @HttpCode(204)
  @ApiOperation({ summary: 'Add a member to a group with a role, or change their role (admins)' })
  @ApiNoContentResponse({ description: 'The user is a member with this role' })
  @ApiProblemResponses(400, 403, { status: 404, description: 'No such group or user' })
  async addMember(
    @RequestPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: SetMemberDto,
  ): Promise<void> {
    await this.groups.setMember(principal, slug, body.userId, body.role);
  }

  @Delete('groups/:slug/members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member from a group (admins)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblemResponses(403, { status: 404, description: 'No such group, or the user is not a member' })
  async removeMember(
    @RequestPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('userId') userId: string,
  ): Promise<void> {
    await this.groups.removeMember(principal, slug, userId);
  }
}
