// Where the points of a line chart go: values over time in a width × height box, with round tick
// values on the vertical axis so the reader can tell 1180 from 1210 at a glance.

export interface LineLayout {
  points: Array<{ x: number; y: number }>;
  ticks: Array<{ value: number; y: number }>;
  min: number;
  max: number;
}

/** A step of 1, 2 or 5 × 10^k that cuts `span` into about `count` parts. */
export function niceStep(span: number, count = 4): number {
  if (!(span > 0)) return 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const factor = raw / magnitude;
  const nice = factor < 1.5 ? 1 : factor < 3 ? 2 : factor < 7 ? 5 : 10;
  return nice * magnitude;
}

/**
 * Spreads the values evenly left to right (one per rated battle: time between battles says little)
 * and scales them between round bounds below and above. One value is a flat line across.
 */
export function layoutLine(values: readonly number[], width: number, height: number): LineLayout {
  if (values.length === 0) return { points: [], ticks: [], min: 0, max: 0 };
  const low = Math.min(...values);
  const high = Math.max(...values);
  const step = niceStep(high - low || Math.max(1, Math.abs(high) / 10));
  const min = Math.floor(low / step) * step;
  const max = Math.max(min + step, Math.ceil(high / step) * step);
  const y = (v: number) => height - ((v - min) / (max - min)) * height;
  const points = values.map((v, i) => ({
    x: values.length === 1 ? width / 2 : (i / (values.length - 1)) * width,
    y: y(v),
  }));
  const ticks: LineLayout['ticks'] = [];
  for (let v = min; v <= max + step / 2; v += step) ticks.push({ value: Math.round(v * 100) / 100, y: y(v) });
  return { points, ticks, min, max };
}

/** The SVG path through the points. */
export function linePath(points: ReadonlyArray<{ x: number; y: number }>): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}
