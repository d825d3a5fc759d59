/**
 * @module rest/round-members
 * What each cohort member of a round attempt did, step by step, for the
 * dashboard's live timeline (part of `RoundView`). The coordinator appends a
 * step when it sees the member move on: the task offered, accepted (it
 * trains from then on) or declined, its download of the round's global model
 * started (socket `model:fetch` or bulk channel; a client holding the model
 * in its cache downloads nothing), its update uploaded, each
 * secure-aggregation stage message accepted (docs/secure-aggregation.md),
 * its update in the aggregate, or how it left the round (dropped on
 * disconnect, timed out, refused with an error code, cancelled). Steps are
 * kept, never overwritten, so a coalesced update loses none of them.
 */
import { SECAGG_STAGES } from '../messages/secagg';

export const MEMBER_STATES = [
  'offered',
  'accepted',
  'declined',
  'downloading',
  'training',
  'uploaded',
  ...SECAGG_STAGES,
  'aggregated',
  'dropped',
  'timed_out',
  'refused',
  'cancelled',
] as const;
export type MemberState = (typeof MEMBER_STATES)[number];

/** States after which the member takes no further part in the attempt. */
export const MEMBER_END_STATES: readonly MemberState[] = ['declined', 'aggregated', 'dropped', 'timed_out', 'cancelled'];

export interface MemberStep {
  state: MemberState;
  /** Milliseconds since the attempt started. */
  at: number;
  /** The error code, for `refused`, `timed_out`, `dropped` and `declined` steps. */
  code?: string;
}

export interface RoundMember {
  clientId: string;
  steps: MemberStep[];
}
