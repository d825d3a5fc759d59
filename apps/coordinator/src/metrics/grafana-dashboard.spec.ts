/**
 * docs/grafana-dashboard.json against the registry: every metric a query
 * names exists in the coordinator's registry (histogram series by their
 * `_bucket`/`_sum`/`_count` names), and every coordinator metric (`fl_…`)
 * appears on the dashboard.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoordinatorMetrics } from './coordinator-metrics';

const DASHBOARD = join(__dirname, '../../../../docs/grafana-dashboard.json');

/** PromQL words that are not metric names: aggregations, functions are followed by `(` and dropped anyway. */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'inf', 'nan']);

/** Metric names a PromQL expression selects. */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // strings
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // ranges
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ''); // label lists
  const out: string[] = [];
  for (const m of bare.matchAll(/(?<![\w.:])[A-Za-z_:][\w:]*/g)) {
    const next = bare.slice(m.index! + m[0].length).trimStart();
    if (next.startsWith('(') || KEYWORDS.has(m[0].toLowerCase())) continue;
    out.push(m[0]);
  }
  return out;
}

interface Panel {
  title: string;
  targets?: Array<{ expr: string }>;
  panels?: Panel[];
}

function queries(panels: Panel[]): Array<{ panel: string; expr: string }> {
  return panels.flatMap((p) => [...(p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })), ...queries(p.panels ?? [])]);
}

/** Every series name the registry exposes: histograms as their three series. */
function seriesNames(m: CoordinatorMetrics): Set<string> {
  const out = new Set<string>();
  for (const metric of m.all()) {
    const name = metric.name;
    const type = String(metric.type); // prom-client's MetricType: 'counter' | 'gauge' | 'histogram' | 'summary'
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) out.add(name + s);
    else if (type === 'summary') for (const s of ['', '_sum', '_count']) out.add(name + s);
    else out.add(name);
  }
  return out;
}

describe('docs/grafana-dashboard.json', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };
  const metrics = new CoordinatorMetrics();
  const known = seriesNames(metrics);
  const all = queries(dashboard.panels);

  it('extracts metric names from PromQL, and not functions, labels, ranges or keywords', () => {
    expect(metricNames('histogram_quantile(0.95, sum by (le, stage) (rate(fl_x_bucket{outcome="ok", a=~"b|c"}[30m])))')).toEqual(['fl_x_bucket']);
    expect(metricNames('sum(rate(a_sum[5m])) / sum without (code) (rate(b_count[5m] offset 1h)) > bool 0')).toEqual(['a_sum', 'b_count']);
    expect(metricNames('process_resident_memory_bytes / 1024')).toEqual(['process_resident_memory_bytes']);
  });

  it('names only metrics that exist in the coordinator registry', () => {
    expect(all.length).toBeGreaterThan(10);
    const unknown = all.flatMap(({ panel, expr }) => {
      const names = metricNames(expr);
      expect({ panel, expr, names: names.length > 0 }).toEqual({ panel, expr, names: true });
      return names.filter((n) => !known.has(n)).map((n) => `${panel}: ${n}`);
    });
    expect(unknown).toEqual([]);
  });

  it('shows every coordinator metric', () => {
    const used = new Set(all.flatMap(({ expr }) => metricNames(expr)).map((n) => n.replace(/_(bucket|sum|count)$/, '')));
    const missing = metrics.names().filter((n) => n.startsWith('fl_') && !used.has(n));
    expect(missing).toEqual([]);
  });
});
