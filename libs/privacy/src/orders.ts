/**
 * @module orders
 * The Rényi orders α at which the accountant evaluates RDP. Published ε
 * values only reproduce with the same conversion and the same orders, so the
 * grids of the three reference libraries are offered by name:
 * - `tf-privacy` (tensorflow_privacy DP-SGD, Abadi et al. CCS 2016 tutorials):
 *   1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, 5 … 63, 128, 256, 512;
 * - `dp-accounting` (Google's dp_accounting `RdpAccountant` default):
 *   1.1 … 10.9 step 0.1, 11 … 63, 128, 256, 512, 1024;
 * - `opacus` (Opacus `RDPAccountant` default): 1.1 … 10.9 step 0.1, 12 … 63.
 */
import { PrivacyError, PrivacyErrorCode } from './errors';

export const ORDER_GRIDS = ['tf-privacy', 'dp-accounting', 'opacus'] as const;
export type OrderGridName = (typeof ORDER_GRIDS)[number];
export const DEFAULT_ORDER_GRID: OrderGridName = 'dp-accounting';

const range = (from: number, toExclusive: number): number[] => Array.from({ length: toExclusive - from }, (_, i) => from + i);
/** 1 + x/10 for x = 1 … 99, computed as the reference libraries do (so 2, 3, … are exact integers). */
const tenths = (): number[] => range(1, 100).map((x) => 1 + x / 10);

const GRIDS: Record<OrderGridName, readonly number[]> = {
  'tf-privacy': Object.freeze([1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, ...range(5, 64), 128, 256, 512]),
  'dp-accounting': Object.freeze([...tenths(), ...range(11, 64), 128, 256, 512, 1024]),
  opacus: Object.freeze([...tenths(), ...range(12, 64)]),
};

/** The named grid (frozen). */
export function orderGrid(name: OrderGridName = DEFAULT_ORDER_GRID): readonly number[] {
  const g = GRIDS[name];
  if (!g) throw new PrivacyError(PrivacyErrorCode.InvalidParams, `unknown order grid "${String(name)}" (known: ${ORDER_GRIDS.join(', ')})`);
  return g;
}

/** Checks a caller's own orders: finite or +∞, all > 1. */
export function checkOrders(orders: readonly number[]): void {
  if (orders.length === 0) throw new PrivacyError(PrivacyErrorCode.InvalidParams, 'at least one RDP order is needed');
  for (const a of orders) {
    if (!(a > 1)) throw new PrivacyError(PrivacyErrorCode.InvalidParams, `RDP order ${a} must be > 1`);
  }
}
