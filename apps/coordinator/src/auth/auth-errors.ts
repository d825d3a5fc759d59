/**
 * @module auth/auth-errors
 * The refusals of admin access control, as HTTP exceptions whose JSON body
 * carries a stable `code` (docs/security.md lists them).
 */
import { HttpException, HttpStatus } from '@nestjs/common';

export const AuthCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  ForbiddenOrigin: 'FORBIDDEN_ORIGIN',
  RateLimited: 'RATE_LIMITED',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  LastAdmin: 'LAST_ADMIN',
  TokenNotFound: 'TOKEN_NOT_FOUND',
  AlreadyRevoked: 'ALREADY_REVOKED',
} as const;
export type AuthCode = (typeof AuthCode)[keyof typeof AuthCode];

export function authError(status: HttpStatus, code: AuthCode, message: string): HttpException {
  return new HttpException({ statusCode: status, code, message }, status);
}

export const unauthenticated = (why = 'a valid API token (Authorization: Bearer flt_…) or dashboard session is required') => authError(HttpStatus.UNAUTHORIZED, AuthCode.Unauthenticated, why);
export const forbidden = (why: string) => authError(HttpStatus.FORBIDDEN, AuthCode.Forbidden, why);
export const rateLimited = () => authError(HttpStatus.TOO_MANY_REQUESTS, AuthCode.RateLimited, 'too many failed authentication attempts from this address; try again in a minute');
