/**
 * @module commands/models
 * `fl models list|get|promote|download`. `download --out DIR` writes the
 * TF.js Layers files `model.json` and `weights.bin` (its manifest already
 * names `weights.bin`), so `tf.loadLayersModel('file://DIR/model.json')`
 * loads it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelVersionView } from '@fl/protocol';
import type { Command } from 'commander';
import { fields, fixed, table, when, type Column } from '../output';
import type { Register } from './register';

const acc = (m: ModelVersionView) => fixed(m.metrics?.evalAccuracy ?? m.metrics?.trainAccuracy);

export const MODEL_COLUMNS: Column<ModelVersionView>[] = [
  { header: 'ID', value: (m) => m.id },
  { header: 'JOB', value: (m) => m.jobId ?? 'imported' },
  { header: 'ROUND', value: (m) => m.round },
  { header: 'NAME', value: (m) => m.name },
  { header: 'SERVING', value: (m) => m.serving },
  { header: 'ACCURACY', value: acc },
  { header: 'PARAMS', value: (m) => m.parameterCount },
  { header: 'CREATED', value: (m) => when(m.createdAt) },
];

export function describeModel(m: ModelVersionView): string {
  return fields([
    ['id', m.id],
    ['name', m.name],
    ['job', m.jobId ?? 'imported'],
    ['round', m.round],
    ['parent', m.parentId],
    ['hash', m.hash],
    ['serving', m.serving],
    ['parameters', m.parameterCount],
    ['tfjs topology', m.hasTopology],
    ['participants', m.participants.length],
    ['secure aggregation', m.secureAggregation],
    ['loss', fixed(m.metrics?.evalLoss ?? m.metrics?.trainLoss)],
    ['accuracy', acc(m)],
    ['created', when(m.createdAt)],
  ]);
}

export const registerModels: Register = (program: Command, act) => {
  const models = program.command('models').description('model registry: versions, promotion, download');

  models
    .command('list')
    .description('every model version, oldest first')
    .option('--job <id>', 'only this job’s versions')
    .action(act(async (ctx, o: { job?: string }) => ctx.print(await ctx.api().models.list({ jobId: o.job }), (l) => table(l, MODEL_COLUMNS))));

  models
    .command('get <id>')
    .description('one version (id or "serving") with its lineage')
    .action(act(async (ctx, id: string) => ctx.print(await ctx.api().models.get(id), describeModel)));

  models
    .command('promote <id>')
    .description('make a version the serving one')
    .action(act(async (ctx, id: string) => ctx.print(await ctx.api().models.promote(id), (m) => `model ${m.id} is now serving`)));

  models
    .command('download <id>')
    .description('save a version in the TF.js Layers format: DIR/model.json + DIR/weights.bin')
    .requiredOption('--out <dir>', 'directory to write (created if missing)')
    .action(
      act(async (ctx, id: string, o: { out: string }) => {
        const files = await ctx.api().models.tfjs(id);
        const dir = resolve(o.out);
        mkdirSync(dir, { recursive: true });
        const modelJson = join(dir, 'model.json');
        const weights = join(dir, 'weights.bin');
        writeFileSync(modelJson, JSON.stringify(files.modelJson));
        writeFileSync(weights, files.weights);
        ctx.print({ id, modelJson, weights, weightsBytes: files.weights.byteLength }, (r) => `wrote ${r.modelJson} and ${r.weights} (${r.weightsBytes} bytes)`);
      }),
    );
};
