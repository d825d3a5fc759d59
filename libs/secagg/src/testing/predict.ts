/**
 * @module testing/predict
 * Independent prediction of a complete-graph round's outcome from its dropout
 * pattern (Bonawitz et al.: a round completes iff every stage keeps ≥ t users),
 * used to check that the protocol neither fails when it should succeed nor
 * succeeds when it should fail.
 */
import { stagesFor, type SecAggStage, type ThreatModel } from '../stages';

export interface Prediction {
  ok: boolean;
  /** First stage whose set fell below t. */
  failedStage?: SecAggStage;
  /** U3: users whose input is in the sum. */
  survivors: string[];
}

export function predictComplete(participants: string[], t: number, model: ThreatModel, dropAt: Record<string, SecAggStage>): Prediction {
  const order = stagesFor(model);
  const rank = (id: string): number => (dropAt[id] ? order.indexOf(dropAt[id]) : order.length);
  const survivors = participants.filter((id) => rank(id) > order.indexOf('masked-input'));
  for (let i = 0; i < order.length; i++) {
    const alive = participants.filter((id) => rank(id) > i).length;
    if (alive < t) return { ok: false, failedStage: order[i], survivors };
  }
  return { ok: true, survivors };
}
