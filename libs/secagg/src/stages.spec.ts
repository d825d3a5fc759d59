/**
 * Stage order constant and its per-threat-model view.
 */
import { nextStage, STAGE_ORDER, stagesFor } from './stages';

describe(stagesFor.name, () => {
  it('orders advertise-keys → share-keys → masked-input → consistency-check → unmask', () => {
    expect(STAGE_ORDER).toEqual(['advertise-keys', 'share-keys', 'masked-input', 'consistency-check', 'unmask']);
    expect(Object.isFrozen(STAGE_ORDER)).toBe(true);
  });

  it('skips the consistency check only in the semi-honest model', () => {
    expect(stagesFor('active')).toEqual(STAGE_ORDER);
    expect(stagesFor('semi-honest')).not.toContain('consistency-check');
    expect(nextStage('masked-input', 'active')).toBe('consistency-check');
    expect(nextStage('masked-input', 'semi-honest')).toBe('unmask');
    expect(nextStage('unmask', 'active')).toBeNull();
  });
});
