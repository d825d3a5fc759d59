/**
 * @module bench/accuracy/test-set
 * Fashion-MNIST on the tool's side: the training labels (to partition them)
 * and the 10 000-image test set, on which every global model version is
 * evaluated in this process with trainer-tfjs on its best backend. Images are
 * scaled to [0, 1] with no normalisation, as NIID-Bench's `ToTensor()`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { deserializeWeights } from '@fl/fl-core';
import type { TensorSpec } from '@fl/protocol';

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

type Node = typeof import('@fl/trainer-tfjs/node');

function requireInstalled(dir: string): void {
  if (!existsSync(dir))
    throw Object.assign(new Error(`Fashion-MNIST is not installed (${dir} is missing): run \`sudo apt-get install dataset-fashion-mnist\``), { code: 'DATASET_MISSING' });
}

/** Labels of the first `limit` training images (all 60 000 when null). */
export async function trainLabels(limit: number | null, dir = FASHION_MNIST_DIR): Promise<Int32Array> {
  requireInstalled(dir);
  const node = await import('@fl/trainer-tfjs/node');
  const ds = node.loadIdxDir(dir, 'fashion-mnist', 10);
  return limit === null ? ds.y : ds.y.slice(0, limit);
}

export interface TestEvaluator {
  backend: string;
  examples: number;
  evaluate(layout: TensorSpec[], bytes: Uint8Array): { accuracy: number; loss: number };
  dispose(): void;
}

/** Loads the test set and builds the model once; `evaluate` sets weights and evaluates. */
export async function testEvaluator(topology: object, dir = FASHION_MNIST_DIR): Promise<TestEvaluator> {
  requireInstalled(dir);
  const node: Node = await import('@fl/trainer-tfjs/node');
  const backend = await node.selectBackend('auto');
  const file = (kind: string, rank: number) => join(dir, `t10k-${kind}-idx${rank}-ubyte.gz`);
  const test = node.loadIdx(file('images', 3), file('labels', 1), 'fashion-mnist', 10);
  const model = await node.buildModel({ layers: topology });
  return {
    backend,
    examples: test.count,
    evaluate(layout, bytes) {
      node.setModelWeights(model, deserializeWeights(bytes, layout));
      const r = node.evaluate(model, test);
      return { accuracy: r.accuracy, loss: r.loss };
    },
    dispose: () => model.dispose(),
  };
}
