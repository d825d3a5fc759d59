/**
 * @module resources/models
 * `/api/models`: the model registry (versions, lineage, promotion, TF.js
 * import and download), raw weights by content hash, and serving
 * (`predict`). Version ids are UUIDs or the alias `serving`.
 */
import type { ModelVersionView, PredictResponse } from '@fl/protocol';
import { seg, type Http } from '../http';
import type { TfjsModelFiles } from '../types';

export interface ImportModelInput {
  /** The TF.js `model.json` (object or its text). */
  modelJson: object | string;
  /** The weights its manifest describes, concatenated (float32). */
  weights: Uint8Array;
  name?: string;
}

export class ModelsApi {
  constructor(private readonly http: Http) {}

  /** `GET /api/models[?jobId=]`: versions, oldest first. */
  list(o: { jobId?: string } = {}): Promise<ModelVersionView[]> {
    return this.http.json('GET', '/models', undefined, { jobId: o.jobId });
  }

  /** `GET /api/models/:id`. */
  get(id: string): Promise<ModelVersionView> {
    return this.http.json('GET', `/models/${seg(id)}`);
  }

  /** `POST /api/models/:id/promote`: makes it the serving version. */
  promote(id: string): Promise<ModelVersionView> {
    return this.http.json('POST', `/models/${seg(id)}/promote`);
  }

  /** `POST /api/models/import`: multipart `model.json` + `model.weights.bin` (+ `name`). */
  import(m: ImportModelInput): Promise<ModelVersionView> {
    const form = new FormData();
    const json = typeof m.modelJson === 'string' ? m.modelJson : JSON.stringify(m.modelJson);
    form.append('model.json', new Blob([json], { type: 'application/json' }), 'model.json');
    form.append('model.weights.bin', new Blob([m.weights as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }), 'model.weights.bin');
    if (m.name !== undefined) form.append('name', m.name);
    return this.http.json('POST', '/models/import', form);
  }

  /** `GET /api/models/:id/tfjs/model.json` (its manifest points at the sibling `weights.bin`). */
  tfjsModelJson(id: string): Promise<Record<string, unknown>> {
    return this.http.json('GET', `/models/${seg(id)}/tfjs/model.json`);
  }

  /** `GET /api/models/:id/tfjs/weights.bin`: float32 little-endian, in manifest order. */
  tfjsWeights(id: string): Promise<Uint8Array> {
    return this.http.bytes('GET', `/models/${seg(id)}/tfjs/weights.bin`);
  }

  /** Both TF.js files of a version (409 for a layout-only model). */
  async tfjs(id: string): Promise<TfjsModelFiles> {
    const modelJson = await this.tfjsModelJson(id);
    return { modelJson, weights: await this.tfjsWeights(id) };
  }

  /** `GET /api/models/:hash/weights`: serialized weights (fl-core FLW1 format) by content hash. */
  weights(hash: string): Promise<Uint8Array> {
    return this.http.bytes('GET', `/models/${seg(hash)}/weights`);
  }

  /** `POST /api/models/:id/predict`: a batch of examples, each of the model's input shape (or flat). */
  predict(id: string, inputs: unknown[]): Promise<PredictResponse> {
    return this.http.json('POST', `/models/${seg(id)}/predict`, { inputs });
  }
}
