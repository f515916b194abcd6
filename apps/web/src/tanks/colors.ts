/** One colour per seat, readable on the dark arena and distinct for the common colour blindnesses. */
export const TANK_COLORS = ['#4cc38a', '#f5a524', '#5b9cf5', '#e5484d', '#b78cf7', '#3ed6d0'] as const;

export function tankColor(index: number): string {
  return TANK_COLORS[index % TANK_COLORS.length] ?? '#ffffff';
}
