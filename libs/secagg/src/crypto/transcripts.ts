/**
 * @module crypto/transcripts
 * What is signed (Bonawitz et al., active model; README.md "Cryptography"): each
 * transcript is a labelled, length-prefixed byte string bound to the run, the
 * round, the stage (through its label) and the signer.
 * - advertise-keys: (runId, round, sender, s^PK, |N(u)|, N(u), the per-pair c_{u,v}^PK)
 * - consistency-check: (runId, round, sender, sorted U3)
 * - share-keys, each ciphertext: (runId, round, sender, recipient, nonce, box)
 * - a complaint (docs/secure-aggregation.md "Blame"): (runId, round, sender, accused, c_{u,v}^SK per accused v)
 *
 * The run id names the job, round and attempt (`<job>.r<round>.a<attempt>`).
 */
import { Label } from '../constants';
import { lengthPrefixed } from '../util/bytes';

/** `cPks`: c_{sender,v}^PK for each v of `cTo`, concatenated in that order. */
export function advertiseTranscript(runId: string, round: number, sender: string, sPk: Uint8Array, cTo: readonly string[], cPks: Uint8Array): Uint8Array {
  return lengthPrefixed([Label.AdvertiseSignature, runId, round, sender, sPk, cTo.length, ...cTo, cPks]);
}

export function shareCiphertextTranscript(runId: string, round: number, sender: string, recipient: string, nonce: Uint8Array, box: Uint8Array): Uint8Array {
  return lengthPrefixed([Label.ShareCiphertextSignature, runId, round, sender, recipient, nonce, box]);
}

/** `accused` in the order the complaint lists them; `cSecretKeys[i]` is the per-pair key for `accused[i]`. */
export function complaintTranscript(runId: string, round: number, sender: string, accused: readonly string[], cSecretKeys: readonly Uint8Array[]): Uint8Array {
  return lengthPrefixed([Label.ComplaintSignature, runId, round, sender, accused.length, ...accused, ...cSecretKeys]);
}

/** `survivors` must already be in canonical (sorted) order. */
export function consistencyTranscript(runId: string, round: number, sender: string, survivors: readonly string[]): Uint8Array {
  return lengthPrefixed([Label.ConsistencySignature, runId, round, sender, survivors.length, ...survivors]);
}

/**
 * `consistencyTranscript(runId, round, sender, survivors)` for many senders
 * over one U3 (a client checking its neighbours' signatures): the fields
 * before and after the sender are encoded once, so each transcript is three
 * copies instead of a re-encoding of all |U3| ids. Byte-identical (tested).
 */
export function consistencyTranscripts(runId: string, round: number, survivors: readonly string[]): (sender: string) => Uint8Array {
  const head = lengthPrefixed([Label.ConsistencySignature, runId, round]);
  const tail = lengthPrefixed([survivors.length, ...survivors]);
  return (sender) => {
    const mid = lengthPrefixed([sender]);
    const out = new Uint8Array(head.length + mid.length + tail.length);
    out.set(head);
    out.set(mid, head.length);
    out.set(tail, head.length + mid.length);
    return out;
  };
}
