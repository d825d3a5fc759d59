/**
 * @module auth/auth.module
 * Admin access control (docs/security.md): API tokens, dashboard sessions,
 * the global guard (APP_GUARD), the audit interceptor (APP_INTERCEPTOR) and
 * log, the failed-authentication limiter, the first-admin bootstrap and the
 * admin socket's connect check (exported for the gateway).
 */
import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from '../audit/audit.controller';
import { AuditInterceptor } from '../audit/audit.interceptor';
import { AuditService } from '../audit/audit.service';
import { AdminSocketAuth } from './admin-socket-auth';
import { ApiTokensService } from './api-tokens.service';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthenticatorService } from './authenticator.service';
import { CredentialsService } from './credentials.service';
import { FirstAdmin } from './first-admin';
import { SessionsService } from './sessions.service';
import { TokensController } from './tokens.controller';
import { TokenEvents } from './token-events';

@Global()
@Module({
  controllers: [TokensController, AuthController, AuditController],
  providers: [
    AuditService,
    AuthFailureLimiter,
    CredentialsService,
    AuthenticatorService,
    ApiTokensService,
    SessionsService,
    FirstAdmin,
    AdminSocketAuth,
    TokenEvents,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [AdminSocketAuth, AuditService],
})
export class AuthModule {}
