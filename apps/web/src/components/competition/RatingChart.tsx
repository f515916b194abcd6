import type { RatingPoint } from '../../api/competition-types';
import { layoutLine, linePath } from '../../competition/line-chart-layout';
import { Link } from '../../router/router';

const WIDTH = 640;
const HEIGHT = 180;
const LEFT = 44;
const TOP = 10;
const BOTTOM = 24;
const DAY_MS = 86_400_000;

/** The axis' end labels: dates, or times when the whole history fits in a day or two. */
function axisLabel(iso: string, spanMs: number): string {
  const at = new Date(iso);
  return spanMs < 2 * DAY_MS
    ? at.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })
    : at.toLocaleDateString();
}

/** Skill (conservative rating) after each rated battle, oldest left; each point links to its battle. */
export function RatingChart({ history }: { history: readonly RatingPoint[] }) {
  const values = history.map((p) => p.conservative);
  const { points, ticks } = layoutLine(values, WIDTH - LEFT - 12, HEIGHT);
  const first = history[0];
  const last = history.at(-1);
  const span = first && last ? Date.parse(last.at) - Date.parse(first.at) : 0;
  const summary =
    first && last
      ? `from ${Math.round(first.conservative)} to ${Math.round(last.conservative)} over ${history.length} battles`
      : '';
  return (
    <svg
      className="line-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT + TOP + BOTTOM}`}
      role="img"
      aria-label={`Skill history, ${summary}`}
      preserveAspectRatio="xMidYMid meet"
    >
      <g transform={`translate(${LEFT} ${TOP})`}>
        {ticks.map((t) => (
          <g key={t.value}>
            <line className="line-chart-grid" x1={0} x2={WIDTH - LEFT - 12} y1={t.y} y2={t.y} />
            <text className="bar-label" x={-6} y={t.y + 4} textAnchor="end">
              {t.value}
            </text>
          </g>
        ))}
        <path className="line-chart-line" d={linePath(points)} />
        {points.map((p, i) => {
          const point = history[i];
          if (!point) return null;
          return (
            <Link key={point.battleId} to={`/battles/${point.battleId}`}>
              <circle className="line-chart-dot" cx={p.x} cy={p.y} r={history.length > 60 ? 2 : 3.5}>
                <title>{`${new Date(point.at).toLocaleString()}: ${Math.round(point.conservative)} (rating ${Math.round(point.rating)} ± ${Math.round(point.rd)})`}</title>
              </circle>
            </Link>
          );
        })}
        {first && last && (
          <>
            <text className="bar-label" x={0} y={HEIGHT + 18}>
              {axisLabel(first.at, span)}
            </text>
            <text className="bar-label" x={WIDTH - LEFT - 12} y={HEIGHT + 18} textAnchor="end">
              {axisLabel(last.at, span)}
            </text>
          </>
        )}
      </g>
    </svg>
  );
}
