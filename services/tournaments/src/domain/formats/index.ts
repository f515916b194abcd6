import type { TournamentFormat } from './format.js';
import { roundRobin } from './round-robin.js';
import { singleElimination } from './single-elimination.js';
import { swiss } from './swiss.js';

export * from './format.js';

/** Every format the service offers; adding one is a new file and a line here. */
export const FORMATS = {
  'round-robin': roundRobin,
  'single-elimination': singleElimination,
  swiss,
} as const satisfies Record<string, TournamentFormat>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

export const formatOf = (name: string): TournamentFormat => {
  const format = (FORMATS as Record<string, TournamentFormat>)[name];
  if (!format) throw new Error(`unknown tournament format "${name}"`);
  return format;
};
