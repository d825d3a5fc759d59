/**
 * @module secure-aggregation/secure-message
 * An incoming `secagg:message` → the library's `ClientMessage`, checked at the
 * boundary before the stage functions see it: the packed message decodes, its
 * stage matches the envelope's, its sender is the authenticated client, and a
 * masked input's vector is taken from the task's upload (one `PUT` over the
 * bulk channel or `update:chunk`s; docs/secure-aggregation.md) unless it came
 * inline. Library refusal codes that are protocol codes pass through.
 */
import { ErrorCode, type SecAggSubmit } from '@fl/protocol';
import { isComplaint, SecAggError, unpackMessage, wordsOf, type ClientMessage } from '@fl/secagg';
import type { TaskSlot } from '../rounds/task-slot';

/** A refused stage message: its code and why. */
export class SecureRefusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The decoded message and, for a masked input that came as an upload, its bytes (to recycle once folded in). */
export interface DecodedStageMessage {
  message: ClientMessage;
  upload: Uint8Array | null;
}

/**
 * Decodes `msg` from `clientId`; `collecting` is the stage the run is at.
 * @throws SecureRefusal
 */
export function decodeStageMessage(clientId: string, slot: TaskSlot, msg: SecAggSubmit, collecting: string | null): DecodedStageMessage {
  let message: ClientMessage;
  try {
    message = unpackMessage(msg.message) as ClientMessage;
  } catch (e) {
    throw new SecureRefusal(ErrorCode.BadPayload, e instanceof SecAggError ? e.message : 'undecodable stage message');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message) || message.stage !== msg.stage)
    throw new SecureRefusal(ErrorCode.BadPayload, `the packed message's stage does not match the envelope's (${msg.stage})`);
  if (message.sender !== clientId) throw new SecureRefusal(ErrorCode.ForgedIdentity, `message names sender ${String(message.sender)} but comes from ${clientId}`);
  if (message.stage !== 'masked-input') return { message, upload: null };
  // A complaint (docs/secure-aggregation.md "Blame") carries no vector: the library judges it (stage, run, evidence).
  if (isComplaint(message)) return { message, upload: null };
  if (collecting !== 'masked-input') throw new SecureRefusal(ErrorCode.StageOrder, `masked input during ${collecting ?? 'no stage'}`);
  if (msg.numExamples === undefined || msg.metrics === undefined) throw new SecureRefusal(ErrorCode.BadPayload, 'a masked input needs numExamples and metrics');
  const inline = Object.prototype.hasOwnProperty.call(message, 'masked');
  if (inline && slot.hasUpload) throw new SecureRefusal(ErrorCode.BadPayload, 'the masked vector came both inline and through update:chunk');
  if (inline) return { message, upload: null };
  // The vector was uploaded (too big to travel inline).
  let upload: Uint8Array;
  let words: Uint32Array | null;
  try {
    upload = slot.takeUpload();
    words = wordsOf(upload);
  } catch (e) {
    throw new SecureRefusal(ErrorCode.BadPayload, (e as Error).message);
  }
  if (!words) throw new SecureRefusal(ErrorCode.BadPayload, 'masked vector is not a whole number of 32-bit words');
  (message as { masked: Uint32Array }).masked = words;
  return { message, upload };
}

const KNOWN = new Set<string>(Object.values(ErrorCode));

/** Library refusal codes that are protocol codes pass through; any other is BAD_PAYLOAD. */
export function toErrorCode(code: string): ErrorCode {
  return KNOWN.has(code) ? (code as ErrorCode) : ErrorCode.BadPayload;
}
