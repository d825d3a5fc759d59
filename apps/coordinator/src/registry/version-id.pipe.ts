/**
 * @module registry/version-id.pipe
 * A model version path parameter: a UUID v4 or the alias `serving`;
 * anything else is an unknown version (404).
 */
import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { SERVING_ALIAS } from '@fl/protocol';

@Injectable()
export class VersionIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (value === SERVING_ALIAS || isUUID(value, '4')) return value;
    throw new NotFoundException(`no model version ${value}`);
  }
}
