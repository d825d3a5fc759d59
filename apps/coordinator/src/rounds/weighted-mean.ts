/**
 * @module rounds/weighted-mean
 * Example-weighted means of loss and accuracy across clients (weights are the
 * clients' example counts, McMahan et al., AISTATS 2017).
 */
export class WeightedMean {
  private sumLoss = 0;
  private sumAcc = 0;
  examples = 0;
  add(n: number, loss: number, acc: number): void {
    this.sumLoss += n * loss;
    this.sumAcc += n * acc;
    this.examples += n;
  }
  get loss(): number | null {
    return this.examples > 0 ? this.sumLoss / this.examples : null;
  }
  get accuracy(): number | null {
    return this.examples > 0 ? this.sumAcc / this.examples : null;
  }
}
