/**
 * @module simulation/train-worker
 * One training thread of a simulation (`TrainPool`, docs/simulation.md). On
 * `init` it activates the best TF.js backend (`selectBackend`: tfjs-node,
 * else wasm, else cpu). Each `run` is one virtual client's task: its data
 * is selected by index from the shared base dataset (shared memory that
 * comes with the request, never copied)
 * (`selectClientData`, the steps `loadDataSpec` ends with), then the real
 * edge-client trainer (`TfjsTrainer`) trains or evaluates it with this
 * thread's one model (`TfjsModelCache`); the client's data is dropped when
 * the task ends. `abort` stops a running task (`CANCELLED`).
 */
import { parentPort } from 'node:worker_threads';
import type { Backend, RoundTask } from '@fl/protocol';
import type { ModelWeights } from '@fl/fl-core';
import { errorCode, errorMessage } from '../errors';
import { TfjsModelCache } from '../trainers/tfjs-model-cache';
import { TfjsTrainer } from '../trainers/tfjs-trainer';
import { clientIndices, sharedBase, type SharedDataMessage } from './shared-data';

/** One virtual client's task, as the pool posts it. */
export interface RunRequest {
  kind: 'train' | 'evaluate';
  /** Virtual client index (its share of the shared data). */
  client: number;
  /** Its data spec (test split and seed). */
  spec: string;
  task: RoundTask;
  global: ModelWeights;
  data: SharedDataMessage;
}

export interface InitRequest {
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
}

type Message = ({ type: 'init'; id: number } & InitRequest) | { type: 'run'; id: number; request: RunRequest } | { type: 'abort'; target: number };

const port = parentPort;
if (!port) throw new Error('train-worker runs as a worker thread');

let state: { backend: Backend; models: TfjsModelCache; node: typeof import('@fl/trainer-tfjs/node') } | null = null;
const running = new Map<number, AbortController>();

port.on('message', (m: Message) => {
  if (m.type === 'abort') return running.get(m.target)?.abort();
  void handle(m).then(
    (reply) => port.postMessage({ id: m.id, ok: true, ...reply }),
    (e) => port.postMessage({ id: m.id, ok: false, code: errorCode(e), message: errorMessage(e) }),
  );
});

async function handle(m: Exclude<Message, { type: 'abort' }>): Promise<object> {
  if (m.type === 'init') {
    const node = await import('@fl/trainer-tfjs/node');
    const backend = (await node.selectBackend(m.backend)) as Backend;
    state = { backend, models: new TfjsModelCache(await import('@fl/trainer-tfjs')), node };
    return { backend };
  }
  if (!state) throw new Error('training thread not initialised');
  const abort = new AbortController();
  running.set(m.id, abort);
  try {
    const { kind, client, spec, task, global, data: shared } = m.request;
    const data = state.node.selectClientData(sharedBase(shared), state.node.parseDataSpec(spec), clientIndices(shared, client));
    const trainer = await TfjsTrainer.fromData(data, state.backend, state.models);
    if (kind === 'evaluate') return { outcome: await trainer.evaluate(task, global) };
    const out = await trainer.train(task, global, abort.signal);
    return { outcome: { weights: out.weights, numExamples: out.numExamples, metrics: out.metrics, proximalMu: out.proximalMu } };
  } catch (e) {
    throw abort.signal.aborted ? Object.assign(new Error(`task ${m.request.task.taskId} cancelled`), { code: 'CANCELLED' }) : e;
  } finally {
    running.delete(m.id);
  }
}
