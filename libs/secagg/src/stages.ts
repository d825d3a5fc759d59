/**
 * @module stages
 * The stage order of one SecAgg(+) round (Bonawitz et al., CCS 2017, §4 rounds
 * 0–4; Bell et al., CCS 2020 keep the same rounds over a sparse graph).
 * Every message names its stage; a message for any other stage than the one a
 * side expects next is refused with `STAGE_ORDER`.
 *
 * The consistency check (round 3) runs only in the active threat model, which
 * is the default; the semi-honest model goes from masked-input to unmask.
 */
export const SecAggStage = {
  AdvertiseKeys: 'advertise-keys',
  ShareKeys: 'share-keys',
  MaskedInput: 'masked-input',
  ConsistencyCheck: 'consistency-check',
  Unmask: 'unmask',
} as const;
export type SecAggStage = (typeof SecAggStage)[keyof typeof SecAggStage];

/** The explicit stage order. */
export const STAGE_ORDER: readonly SecAggStage[] = Object.freeze([
  SecAggStage.AdvertiseKeys,
  SecAggStage.ShareKeys,
  SecAggStage.MaskedInput,
  SecAggStage.ConsistencyCheck,
  SecAggStage.Unmask,
]);

/** Threat models: `active` adds key signatures and the consistency round (default). */
export type ThreatModel = 'active' | 'semi-honest';

/** The stages that run under a threat model, in order. */
export function stagesFor(model: ThreatModel): readonly SecAggStage[] {
  return model === 'active' ? STAGE_ORDER : STAGE_ORDER.filter((s) => s !== SecAggStage.ConsistencyCheck);
}

/** The stage after `stage` under `model`, or null after the last one. */
export function nextStage(stage: SecAggStage, model: ThreatModel): SecAggStage | null {
  const order = stagesFor(model);
  const i = order.indexOf(stage);
  return i >= 0 && i + 1 < order.length ? order[i + 1] : null;
}
