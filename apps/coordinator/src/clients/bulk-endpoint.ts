/**
 * @module clients/bulk-endpoint
 * The port of the bulk channel, once it listens (`bulk/bulk-channel`), for
 * the registration reply (`RegisterReply.bulkPort`); null while there is none.
 */
import { Injectable } from '@nestjs/common';

@Injectable()
export class BulkEndpoint {
  port: number | null = null;
}
