/**
 * @module rest/health
 * REST shapes of `GET /api/health` shared by the coordinator and its clients.
 */

/** How late the coordinator's 10 ms probe timer fired (ms), since start or the last reset. */
export interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
  mean: number;
  /** Seconds covered. */
  seconds: number;
}
