import { HttpException } from '@nestjs/common';
import { derivedAction } from './audit-metadata';
import { failureOf } from './audit.interceptor';

describe('audit naming', () => {
  it('derives the action from controller and handler', () => {
    expect(derivedAction('JobsController', 'start')).toBe('jobs.start');
    expect(derivedAction('EnrollmentTokensController', 'create')).toBe('enrollmentTokens.create');
    expect(derivedAction('Odd', 'x')).toBe('odd.x');
  });

  it('records a failure as its HTTP status and code, anything else as 500', () => {
    expect(failureOf(new HttpException({ statusCode: 409, code: 'LAST_ADMIN', message: 'm' }, 409))).toEqual({ result: '409', code: 'LAST_ADMIN' });
    expect(failureOf(new HttpException('plain', 404))).toEqual({ result: '404', code: null });
    expect(failureOf(new Error('boom'))).toEqual({ result: '500', code: null });
  });
});
