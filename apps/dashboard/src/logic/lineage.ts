/**
 * @module logic/lineage
 * The model registry's versions as a lineage tree (each version under the
 * version it was aggregated from; `ModelVersionView.parentId`), flattened
 * depth-first for the Models page.
 */
import type { ModelVersionView } from '@fl/protocol';

/** Versions in depth-first lineage order with their depth (roots: imported models and jobs' initial models). */
export function lineage(versions: readonly ModelVersionView[]): Array<{ v: ModelVersionView; depth: number }> {
  const ids = new Set(versions.map((v) => v.id));
  const children = new Map<string | null, ModelVersionView[]>();
  for (const v of versions) {
    const p = v.parentId && ids.has(v.parentId) ? v.parentId : null;
    children.set(p, [...(children.get(p) ?? []), v]);
  }
  const out: Array<{ v: ModelVersionView; depth: number }> = [];
  const walk = (p: string | null, depth: number) => {
    for (const v of children.get(p) ?? []) {
      out.push({ v, depth });
      walk(v.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
