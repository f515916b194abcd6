export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  negative: boolean;
}

export interface BarLayout {
  bars: Bar[];
  /** Where the zero line is drawn. */
  baseline: number;
}

/**
 * Places one bar per value in a `width` × `height` box: bars grow up from a zero line for positive
 * values and down for negative ones (management earnings go below zero on a generous day). The zero
 * line sits where the range puts it, so the bars of one chart compare by their length.
 */
export function layoutBars(values: readonly number[], width: number, height: number, gap = 4): BarLayout {
  const top = Math.max(0, ...values);
  const bottom = Math.min(0, ...values);
  const range = top - bottom || 1;
  const baseline = (top / range) * height;
  const slot = values.length === 0 ? 0 : width / values.length;
  const barWidth = Math.max(1, slot - gap);
  const bars = values.map((value, i) => {
    const length = (Math.abs(value) / range) * height;
    return {
      x: i * slot + (slot - barWidth) / 2,
      y: value >= 0 ? baseline - length : baseline,
      width: barWidth,
      height: length,
      negative: value < 0,
    };
  });
  return { bars, baseline };
}
