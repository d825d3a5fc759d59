/**
 * @module auth/token-events
 * Token revocations as a stream, so holders of live connections (the admin
 * socket) can drop them at once instead of at the next handshake.
 */
import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

@Injectable()
export class TokenEvents {
  /** Token ids, as they are revoked. */
  readonly revoked$ = new Subject<string>();
}
