/**
 * @module serving/predict-input
 * Checks a predict request's `inputs` against the model's per-example input
 * shape and packs them into one float32 batch. Each example is either nested
 * arrays of exactly that shape or a flat array of its size. Empty batches,
 * batches over the limit, non-arrays, wrong lengths and non-finite numbers
 * are refused with a {@link PredictInputError} naming the first offending
 * example and position.
 */
export class PredictInputError extends Error {
  readonly code = 'BAD_PREDICT_INPUT' as const;
  constructor(
    message: string,
    /** The batch is over the limit (HTTP 413), not malformed (400). */
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

export interface PackedInputs {
  data: Float32Array;
  batch: number;
}

const bad = (msg: string): never => {
  throw new PredictInputError(msg);
};

function checkNumber(v: unknown, where: string): number {
  if (typeof v !== 'number') return bad(`${where} must be a number (got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v})`);
  if (!Number.isFinite(v)) bad(`${where} must be finite (got ${v})`);
  return v;
}

/** Copies nested arrays of `shape` (from dim `d`) into `out` at `at`; returns the next offset. */
function packNested(v: unknown, shape: readonly number[], d: number, out: Float32Array, at: number, where: string): number {
  if (d === shape.length) {
    out[at] = checkNumber(v, where);
    return at + 1;
  }
  if (!Array.isArray(v)) return bad(`${where} must be an array of length ${shape[d]} (the model's input shape is ${JSON.stringify(shape)})`);
  if (v.length !== shape[d]) bad(`${where} has length ${v.length}, expected ${shape[d]} (the model's input shape is ${JSON.stringify(shape)})`);
  for (let i = 0; i < v.length; i++) at = packNested(v[i], shape, d + 1, out, at, `${where}[${i}]`);
  return at;
}

/**
 * @param shape the model's input shape without the batch dimension (fully known)
 * @throws PredictInputError (tooLarge for a batch over `maxBatch`)
 * @example packInputs([[0.1, 0.2]], [2], 256) // → { data: Float32Array [0.1, 0.2], batch: 1 }
 */
export function packInputs(inputs: unknown, shape: readonly number[], maxBatch: number): PackedInputs {
  if (!Array.isArray(inputs)) return bad('inputs must be an array with one entry per example');
  if (inputs.length === 0) bad('inputs is empty: send at least one example');
  if (inputs.length > maxBatch) throw new PredictInputError(`inputs has ${inputs.length} examples; the largest batch is ${maxBatch}`, true);
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(inputs.length * size);
  inputs.forEach((example, i) => {
    const where = `inputs[${i}]`;
    const flat = shape.length > 1 && Array.isArray(example) && example.length === size && (size === 0 || !Array.isArray(example[0]));
    const next = flat ? packNested(example, [size], 0, out, i * size, where) : packNested(example, shape, 0, out, i * size, where);
    if (next !== (i + 1) * size) bad(`${where} has the wrong number of values`);
  });
  return { data: out, batch: inputs.length };
}

/**
 * The `inputs` of a predict body. The body skips the global validation pipe
 * (walking a large nested array through class-transformer costs more than
 * this check), so unknown keys are refused here.
 */
export function inputsOf(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return bad('the body must be a JSON object { "inputs": [...] }');
  const extra = Object.keys(body).filter((k) => k !== 'inputs');
  if (extra.length) bad(`property ${extra[0]} should not exist (the body is { "inputs": [...] })`);
  if (!('inputs' in body)) bad('inputs is required: an array with one entry per example');
  return (body as { inputs: unknown }).inputs;
}
