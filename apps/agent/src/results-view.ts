import type { BattleResults } from '@garrison/game';

/** The machine-readable summary `--json` prints (same for `run` and `replay`). */
export interface ResultsJson {
  rulesVersion: number;
  seed: number;
  rounds: number;
  ticks: number;
  places: Array<{
    bot: string;
    place: number;
    score: number;
    damage: number;
    kills: number;
    skippedTicks: number;
  }>;
}

export function resultsJson(results: BattleResults): ResultsJson {
  return {
    rulesVersion: results.rulesVersion,
    seed: results.seed,
    rounds: results.rounds,
    ticks: results.ticks,
    places: results.places.map((place) => ({
      bot: place.name,
      place: place.place,
      score: round2(place.score),
      damage: round2(place.damage),
      kills: place.kills,
      skippedTicks: place.skippedTicks,
    })),
  };
}

/** The human table: place, bot, score, damage, kills, skipped ticks. */
export function resultsTable(results: BattleResults): string {
  const header = ['place', 'bot', 'score', 'damage', 'kills', 'skipped'];
  const rows = results.places.map((place) => [
    String(place.place),
    place.name,
    round2(place.score).toFixed(1),
    round2(place.damage).toFixed(1),
    String(place.kills),
    String(place.skippedTicks),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const numeric = new Set([0, 2, 3, 4, 5]);
  const format = (row: string[]): string =>
    row
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ');
  const lines = [
    `${results.mode} · seed ${results.seed} · ${results.rounds} rounds · ${results.ticks} ticks · rules v${results.rulesVersion}`,
    format(header),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...rows.map(format),
  ];
  return `${lines.join('\n')}\n`;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
