import { describe, expect, it } from 'vitest';
import type { ModelVersionView } from '@fl/protocol';
import { lineage } from './lineage';

const v = (id: string, parentId: string | null) => ({ id, parentId }) as ModelVersionView;

describe('lineage', () => {
  it('puts each version under its parent, depth-first in list order; an unknown parent makes a root', () => {
    const out = lineage([v('a0', null), v('b0', null), v('a1', 'a0'), v('b1', 'b0'), v('a2', 'a1'), v('x', 'gone')]);
    expect(out.map((e) => `${e.v.id}:${e.depth}`)).toEqual(['a0:0', 'a1:1', 'a2:2', 'b0:0', 'b1:1', 'x:0']);
  });
});
