/**
 * @module health/event-loop.monitor
 * The coordinator's event-loop delay (`perf_hooks.monitorEventLoopDelay`,
 * sampled every 10 ms) since start or the last `reset()`, in milliseconds.
 * Serving and rounds share this loop: a high p99 means something blocks it.
 */
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
  mean: number;
  /** Seconds covered. */
  seconds: number;
}

const ms = (ns: number) => Math.round(ns / 1e4) / 100;

@Injectable()
export class EventLoopMonitor implements OnModuleDestroy {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private since = Date.now();

  constructor() {
    this.histogram.enable();
  }

  snapshot(): EventLoopDelay {
    const h = this.histogram;
    const empty = h.count === 0;
    return { p50: empty ? 0 : ms(h.percentile(50)), p99: empty ? 0 : ms(h.percentile(99)), max: empty ? 0 : ms(h.max), mean: empty ? 0 : ms(h.mean), seconds: (Date.now() - this.since) / 1000 };
  }

  reset(): void {
    this.histogram.reset();
    this.since = Date.now();
  }

  onModuleDestroy(): void {
    this.histogram.disable();
  }
}
