/**
 * @module persistence/persistence.module
 * Global module binding the repository interfaces to their in-memory
 * implementations. Tests and a later persistence issue swap them with
 * `overrideProvider(MODEL_STORE | JOBS_REPOSITORY)`.
 */
import { Global, Module } from '@nestjs/common';
import { MODEL_STORE } from './model-store';
import { InMemoryModelStore } from './in-memory-model.store';
import { JOBS_REPOSITORY } from './jobs.repository';
import { InMemoryJobsRepository } from './in-memory-jobs.repository';
import { MODEL_VERSIONS_REPOSITORY } from './model-versions.repository';
import { InMemoryModelVersionsRepository } from './in-memory-model-versions.repository';

@Global()
@Module({
  providers: [
    { provide: MODEL_STORE, useClass: InMemoryModelStore },
    { provide: JOBS_REPOSITORY, useClass: InMemoryJobsRepository },
    { provide: MODEL_VERSIONS_REPOSITORY, useClass: InMemoryModelVersionsRepository },
  ],
  exports: [MODEL_STORE, JOBS_REPOSITORY, MODEL_VERSIONS_REPOSITORY],
})
export class PersistenceModule {}
