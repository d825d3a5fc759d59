/**
 * @module components/LineChart
 * A hand-rolled SVG line chart (no charting library: a few hundred bytes
 * instead of tens of kilobytes; docs/dependencies.md). One marker per point,
 * so tests and people can count the rounds plotted.
 */
import { scale, type Series } from '../logic/chart-data';

const V = { width: 360, height: 160, pad: 28 };

export function LineChart({ title, series, unit = '', id, empty = 'No completed round yet.' }: { title: string; series: readonly Series[]; unit?: string; id: string; empty?: string }) {
  const has = series.some((s) => s.points.length > 0);
  const sc = scale(series, V);
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));
  return (
    <figure class="chart" data-chart={id}>
      <figcaption>{title}</figcaption>
      {has ? (
        <svg viewBox={`0 0 ${V.width} ${V.height}`} role="img" aria-label={title}>
          <line class="axis" x1={V.pad} y1={V.height - V.pad} x2={V.width - V.pad} y2={V.height - V.pad} />
          <line class="axis" x1={V.pad} y1={V.pad} x2={V.pad} y2={V.height - V.pad} />
          <text class="tick" x={2} y={V.pad + 4}>
            {fmt(sc.yMax)}
            {unit}
          </text>
          <text class="tick" x={2} y={V.height - V.pad}>
            {fmt(sc.yMin)}
          </text>
          <text class="tick" x={V.pad} y={V.height - 8}>
            {fmt(sc.xMin)}
          </text>
          <text class="tick" x={V.width - V.pad - 10} y={V.height - 8}>
            {fmt(sc.xMax)}
          </text>
          {sc.paths.map((d, i) => (
            <g class={`s s${i}`} key={series[i].label} data-series={series[i].label}>
              <path d={d} />
              {sc.dots[i].map((p, j) => (
                <circle class="point" cx={p.x} cy={p.y} r={3} key={j}>
                  <title>
                    {series[i].label} at {series[i].points[j].x}: {fmt(series[i].points[j].y)}
                    {unit}
                  </title>
                </circle>
              ))}
            </g>
          ))}
        </svg>
      ) : (
        <p class="muted">{empty}</p>
      )}
      <div class="legend">
        {series.map((s, i) => (
          <span class={`s${i}`} key={s.label}>
            ■ {s.label}
          </span>
        ))}
      </div>
    </figure>
  );
}
