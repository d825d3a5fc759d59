/**
 * @module evaluation/evaluation.module
 * Centralized evaluation of model versions in the inference workers (docs/evaluation.md).
 */
import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { ServingModule } from '../serving/serving.module';
import { CentralEvaluationService } from './central-evaluation.service';

@Module({
  imports: [ModelsModule, ServingModule],
  providers: [CentralEvaluationService],
  exports: [CentralEvaluationService],
})
export class EvaluationModule {}
