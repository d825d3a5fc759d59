/**
 * @module serving/predictions
 * A packed output batch → one row per example plus its argmax.
 */
export function toPredictions(outputs: Float32Array, batch: number): { predictions: number[][]; argmax: number[] } {
  const per = batch === 0 ? 0 : outputs.length / batch;
  const predictions: number[][] = [];
  const argmax: number[] = [];
  for (let b = 0; b < batch; b++) {
    const row = Array.from(outputs.subarray(b * per, (b + 1) * per));
    let best = 0;
    for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
    predictions.push(row);
    argmax.push(best);
  }
  return { predictions, argmax };
}
