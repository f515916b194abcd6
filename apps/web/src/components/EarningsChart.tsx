import { formatDay } from '../format/days';
import { formatMoney } from '../format/money';
import { layoutBars } from './bar-chart-layout';

const WIDTH = 640;
const HEIGHT = 150;
/** Room above and below the bars for the amounts written at their ends. */
const VALUE_SPACE = 16;
const LABEL_SPACE = 24;

/** Plain SVG bars, one per day: green above the zero line, red below, each with its amount. */
export function EarningsChart({
  points,
  label,
}: {
  points: Array<{ day: string; value: number }>;
  label: string;
}) {
  const { bars, baseline } = layoutBars(
    points.map((p) => p.value),
    WIDTH,
    HEIGHT,
    10,
  );
  const summary = points.map((p) => `${p.day}: ${formatMoney(p.value)}`).join(', ');
  const totalHeight = VALUE_SPACE * 2 + HEIGHT + LABEL_SPACE;
  return (
    <svg
      className="bar-chart"
      viewBox={`0 0 ${WIDTH} ${totalHeight}`}
      role="img"
      aria-label={`${label}. ${summary}`}
      preserveAspectRatio="xMidYMid meet"
    >
      <g transform={`translate(0 ${VALUE_SPACE})`}>
        <line className="bar-chart-zero" x1={0} x2={WIDTH} y1={baseline} y2={baseline} />
        {bars.map((bar, i) => {
          const point = points[i];
          if (!point) return null;
          const centre = bar.x + bar.width / 2;
          return (
            <g key={point.day}>
              {point.value !== 0 && (
                <>
                  <rect
                    className={bar.negative ? 'bar bar-negative' : 'bar'}
                    x={bar.x}
                    y={bar.y}
                    width={bar.width}
                    height={Math.max(bar.height, 1)}
                    rx={3}
                  >
                    <title>{`${formatDay(point.day)}: ${formatMoney(point.value)}`}</title>
                  </rect>
                  <text
                    className="bar-value"
                    x={centre}
                    y={bar.negative ? bar.y + bar.height + 12 : bar.y - 4}
                    textAnchor="middle"
                  >
                    {formatMoney(point.value)}
                  </text>
                </>
              )}
              <text className="bar-label" x={centre} y={HEIGHT + VALUE_SPACE + 20} textAnchor="middle">
                {formatDay(point.day, { weekday: undefined, month: undefined })}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
