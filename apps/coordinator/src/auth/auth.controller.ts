/**
 * @module auth/auth.controller
 * `GET /api/auth/me` (any valid credential: WhoAmI), and the dashboard
 * session: `POST /api/auth/session {token}` sets the `fl_session` cookie
 * (HttpOnly; SameSite=Strict; Path=/; Secure over TLS), `DELETE
 * /api/auth/session` ends it. Both session routes are public: the token in
 * the body is the credential, and logging out needs none.
 */
import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { parse, serialize } from 'cookie';
import type { WhoAmI } from '@fl/protocol';
import { SkipAudit } from '../audit/audit-metadata';
import { Authenticated, Public } from './permissions';
import { ApiTokensService } from './api-tokens.service';
import { SessionsService } from './sessions.service';
import { CreateSessionDto } from './dto/session.dto';
import { SESSION_COOKIE, sourceOf, type AuthRequest, type Principal } from './principal';

interface CookieResponse {
  setHeader(name: string, value: string): void;
}

const cookieOf = (req: AuthRequest) => (typeof req.headers.cookie === 'string' ? parse(req.headers.cookie)[SESSION_COOKIE] : undefined);
const cookie = (req: AuthRequest, value: string, maxAge: number) => serialize(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', path: '/', maxAge, secure: req.protocol === 'https' });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly tokens: ApiTokensService,
    private readonly sessions: SessionsService,
  ) {}

  @Get('me')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'WhoAmI: the caller\'s token id, name, role and permissions.' })
  me(@Req() req: AuthRequest): WhoAmI {
    return this.tokens.whoAmI(req.principal as Principal);
  }

  @Post('session')
  @Public()
  @HttpCode(200)
  @SkipAudit('the service audits a successful login; refusals are only counted')
  @ApiOkResponse({ description: 'WhoAmI; Set-Cookie fl_session (HttpOnly, SameSite=Strict).' })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED' })
  async login(@Body() dto: CreateSessionDto, @Req() req: AuthRequest, @Res({ passthrough: true }) res: CookieResponse): Promise<WhoAmI> {
    const s = await this.sessions.open(dto.token, sourceOf(req));
    res.setHeader('Set-Cookie', cookie(req, s.sessionId, Math.floor((s.expiresAt.getTime() - Date.now()) / 1000)));
    return this.tokens.whoAmI(s.principal);
  }

  @Delete('session')
  @Public()
  @HttpCode(204)
  @SkipAudit('the service audits an actual logout')
  @ApiNoContentResponse({ description: 'The session (if any) is gone and the cookie cleared.' })
  async logout(@Req() req: AuthRequest, @Res({ passthrough: true }) res: CookieResponse): Promise<void> {
    await this.sessions.close(cookieOf(req), sourceOf(req));
    res.setHeader('Set-Cookie', cookie(req, '', 0));
  }
}
