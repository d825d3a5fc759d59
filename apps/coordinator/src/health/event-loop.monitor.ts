/**
 * @module health/event-loop.monitor
 * The coordinator's event-loop delay since start or the last `reset()`, in
 * milliseconds: how late a timer that should fire every 10 ms actually
 * fires. Serving and rounds share this loop: a high p99 means something
 * blocks it.
 *
 * `perf_hooks.monitorEventLoopDelay` records the *interval* between its
 * timer's callbacks, not their lateness: on an idle loop every sample is
 * ≈ 10.2 ms at a 10 ms resolution (nodejs/node#25378 shows the same), and a
 * 15 ms block reads up to ≈ 25 ms. The timer is a repeating libuv timer
 * rescheduled `resolution` after each callback, so interval − resolution is
 * the callback's lateness; subtracting is exact for every percentile, since
 * it is a shift. Like any timer probe it takes one sample per stall however
 * long the stall (nodejs/node#34661), so long stalls weigh less than their
 * duration.
 */
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { EventLoopDelay } from '@fl/protocol';

export type { EventLoopDelay } from '@fl/protocol';

/** The probe timer's period. */
export const EVENT_LOOP_RESOLUTION_MS = 10;

const RESOLUTION_NS = EVENT_LOOP_RESOLUTION_MS * 1e6;
/** Lateness in ms (two decimals) of a recorded interval in ns. */
const lateMs = (intervalNs: number) => Math.round(Math.max(0, intervalNs - RESOLUTION_NS) / 1e4) / 100;

@Injectable()
export class EventLoopMonitor implements OnModuleDestroy {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  private since = Date.now();

  constructor() {
    this.histogram.enable();
  }

  snapshot(): EventLoopDelay {
    const h = this.histogram;
    const seconds = (Date.now() - this.since) / 1000;
    if (h.count === 0) return { p50: 0, p99: 0, max: 0, mean: 0, seconds };
    return { p50: lateMs(h.percentile(50)), p99: lateMs(h.percentile(99)), max: lateMs(h.max), mean: lateMs(h.mean), seconds };
  }

  reset(): void {
    this.histogram.reset();
    this.since = Date.now();
  }

  onModuleDestroy(): void {
    this.histogram.disable();
  }
}
