// The recent keep-alive round trips as a plain SVG line. Plain SVG: no chart library for one line, and
// nothing that needs inline scripts or styles under the CSP.
import type { LatencySample } from '../../../main/shared/contract';
import { formatMs } from '../format';

const WIDTH = 600;
const HEIGHT = 140;
const PAD = { top: 12, right: 12, bottom: 20, left: 44 };

export function LatencyChart({ samples }: { samples: LatencySample[] }) {
  if (samples.length === 0) {
    return (
      <p className="muted empty" data-testid="latency-chart" data-samples={0}>
        No pings yet. The first one comes after one keep-alive interval.
      </p>
    );
  }
  const values = samples.map((s) => s.ms);
  const max = Math.max(...values, 1);
  const min = Math.min(...values);
  const top = niceCeiling(max);
  const first = samples[0]?.at ?? 0;
  const last = samples[samples.length - 1]?.at ?? first;
  const span = Math.max(last - first, 1);
  const x = (at: number) => PAD.left + ((at - first) / span) * (WIDTH - PAD.left - PAD.right);
  const y = (ms: number) => PAD.top + (1 - ms / top) * (HEIGHT - PAD.top - PAD.bottom);
  const points = samples.map((s) => `${x(s.at).toFixed(1)},${y(s.ms).toFixed(1)}`).join(' ');
  const latest = values[values.length - 1] ?? 0;
  const summary = `Latency of the last ${samples.length} pings: lowest ${formatMs(min)}, highest ${formatMs(max)}, latest ${formatMs(latest)}`;

  return (
    <figure className="chart" data-testid="latency-chart" data-samples={samples.length}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        <title>{summary}</title>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line className="grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(top * f)} y2={y(top * f)} />
            <text className="axis" x={PAD.left - 6} y={y(top * f) + 4} textAnchor="end">
              {Math.round(top * f)} ms
            </text>
          </g>
        ))}
        {samples.length === 1 ? (
          <circle className="point" cx={x(first)} cy={y(latest)} r={3} />
        ) : (
          <polyline className="line" points={points} />
        )}
      </svg>
      <figcaption className="muted">{summary}</figcaption>
    </figure>
  );
}

function niceCeiling(value: number): number {
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000];
  return steps.find((s) => s >= value) ?? Math.ceil(value);
}
