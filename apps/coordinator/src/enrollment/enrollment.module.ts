/**
 * @module enrollment/enrollment.module
 * Enrollment tokens: the admin REST and the redeeming service the client
 * authentication (`clients/`) uses.
 */
import { Module } from '@nestjs/common';
import { EnrollmentTokensController } from './enrollment-tokens.controller';
import { EnrollmentTokensService } from './enrollment-tokens.service';

@Module({
  providers: [EnrollmentTokensService],
  controllers: [EnrollmentTokensController],
  exports: [EnrollmentTokensService],
})
export class EnrollmentModule {}
