/**
 * @module secagg/trust
 * ⚑ THE SINGLE PLACE where the client's own SecAgg policy and its pinned peer
 * signing keys enter the stage functions' env (`ClientEnv`).
 *
 * They close the two client-side gaps the library's README names:
 * - `policy`: the (k, t) of a round config must meet the client's own
 *   (ρ, γ, σ, η) targets (`checkSecAggPolicy`), else advertise-keys refuses
 *   with `WEAK_PARAMS`. The client uses the deployment default,
 *   `DEFAULT_SECAGG_POLICY`, the same one the coordinator chooses (k, t) with,
 *   and requires the active threat model unless `--allow-semi-honest`: a
 *   semi-honest config drops the signatures and the consistency check, so a
 *   coordinator could otherwise downgrade a round.
 * - `pins`: peers' Ed25519 keys are pinned on first use (`KeyPins`); a later
 *   config that names another key for a pinned peer is refused with `BAD_KEY`.
 *   The store lives as long as the process, in the signing identity, and is
 *   saved in the `--identity` file when one is given (`persistNewPins`).
 */
import { DEFAULT_SECAGG_POLICY, type ClientEnv } from '@fl/secagg/node';
import { errorMessage } from '../errors';
import type { Log } from '../log';
import { saveIdentity, type SigningIdentity } from './identity';

export function trustEnv(identity: SigningIdentity | null, allowSemiHonest = false): Pick<ClientEnv, 'policy' | 'pins'> {
  return { policy: { ...DEFAULT_SECAGG_POLICY, requireActive: !allowSemiHonest }, pins: identity?.pins };
}

/**
 * After a step that may pin keys (advertise-keys): saves the identity file if
 * the pin count changed since `before`. A failed save is logged; the pins
 * still hold in memory for this process.
 */
export function persistNewPins(identity: SigningIdentity | null, before: number, log: Log): void {
  if (!identity || identity.file === null || identity.pins.size === before) return;
  try {
    saveIdentity(identity);
  } catch (e) {
    log.warn('identity_save', `${errorMessage(e)}; newly pinned peer keys are kept in memory only`, { file: identity.file });
  }
}
