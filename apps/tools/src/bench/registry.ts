/**
 * @module bench/registry
 * The benchmarks `npm run bench -- <name>` knows.
 */
import { accuracyBench } from './accuracy-bench';
import { aggregateBench } from './aggregate-bench';
import { dashboardBench } from './dashboard-bench';
import { attackBench } from './attack-bench';
import type { Benchmark } from './benchmark';
import { dgaussBench } from './dgauss-bench';
import { dpAccuracyBench } from './dp-accuracy-bench';
import { roundBench } from './round-bench';
import { serveBench } from './serve-bench';
import { simulateBench } from './simulate-bench';
import { trainBench } from './train-bench';

export const BENCHMARKS: readonly Benchmark[] = [roundBench, serveBench, trainBench, accuracyBench, aggregateBench, attackBench, simulateBench, dgaussBench, dashboardBench, dpAccuracyBench];
