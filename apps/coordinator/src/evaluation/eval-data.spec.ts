import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evalDataProblems, resolveEvalData } from './eval-data';

describe('evalDataProblems', () => {
  let root: string;
  let outside: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'evaldata-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-'));
    fs.writeFileSync(path.join(root, 'test.csv'), 'x,label\n1,0\n');
    fs.writeFileSync(path.join(outside, 'secret.csv'), 'x,label\n1,0\n');
    fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(root, 'link.csv'));
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('accepts the built-in datasets without a folder', () => {
    expect(evalDataProblems('mnist?tail=2000', null)).toEqual([]);
    expect(evalDataProblems('fashion-mnist?split=test&limit=2000', null)).toEqual([]);
  });

  it('refuses a bad spec, and shards, partitions and test splits', () => {
    expect(evalDataProblems('cifar', null)).toEqual([expect.stringMatching(/^evalData: .*unknown kind 'cifar'/)]);
    expect(evalDataProblems('mnist?shard=0/2', null)).toEqual(['evalData: shard, partition and test do not apply (the whole selected set is evaluated)']);
    expect(evalDataProblems('mnist?test=0.2', null)).toHaveLength(1);
  });

  it('reads files only under --eval-data-dir, links resolved', () => {
    expect(evalDataProblems(`csv:${path.join(root, 'test.csv')}`, null)).toEqual([expect.stringMatching(/needs the coordinator's --eval-data-dir/)]);
    expect(evalDataProblems('csv:test.csv', root)).toEqual([]);
    expect(evalDataProblems(`csv:${path.join(root, 'test.csv')}`, root)).toEqual([]);
    expect(evalDataProblems(`csv:${path.join(outside, 'secret.csv')}`, root)).toEqual([expect.stringMatching(/is outside the coordinator's --eval-data-dir/)]);
    expect(evalDataProblems('csv:../secret.csv', root)).toEqual([expect.stringMatching(/does not exist|outside/)]);
    expect(evalDataProblems('csv:link.csv', root)).toEqual([expect.stringMatching(/is outside/)]);
    expect(evalDataProblems('csv:none.csv', root)).toEqual([expect.stringMatching(/does not exist/)]);
  });

  it('resolves a relative path under the folder', () => {
    expect(resolveEvalData('csv:test.csv?label=label', root)).toBe(`csv:${path.join(root, 'test.csv')}?label=label`);
    expect(resolveEvalData('mnist?tail=10', root)).toBe('mnist?tail=10');
  });
});
