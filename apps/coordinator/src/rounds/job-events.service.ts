/**
 * @module rounds/job-events.service
 * In-process stream of job changes (created, phase change, accepted update,
 * finished). The admin gateway turns it into `admin:job` broadcasts.
 */
import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { JobRecord } from '../persistence/job-record';

@Injectable()
export class JobEventsService {
  readonly changes$ = new Subject<JobRecord>();

  changed(job: JobRecord): void {
    this.changes$.next(job);
  }
}
