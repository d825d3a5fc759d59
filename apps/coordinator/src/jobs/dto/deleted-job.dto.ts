/**
 * @module jobs/dto/deleted-job.dto
 * `DELETE /api/jobs/:id` response: what went with the job.
 */
import { ApiProperty } from '@nestjs/swagger';

export class DeletedJobDto {
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ type: [String], description: 'Model versions deleted with the job.' }) deletedVersions!: string[];
  @ApiProperty({ type: [String], description: 'Versions kept because they are serving (none with force=true).' }) keptVersions!: string[];
}
