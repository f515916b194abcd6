import type { Accuracy, BattleResults, ScoreParts } from '@garrison/game';

/** What the engine's results do not carry, per participant (index order): hits and shots, startup. */
export interface ParticipantExtras {
  accuracy?: Accuracy;
  /** Set when the bot never started: it sat out every round. */
  startupError?: string;
}

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
    /** score = bulletDamage + ramDamage + killBonus + survival + lastSurvivor */
    scoreParts: ScoreParts;
    roundsWon: number;
    damage: number;
    kills: number;
    /** Bullets fired, and how many hit a tank. */
    shots?: number;
    hits?: number;
    skippedTicks: number;
    /** false (with `startupError`) when the bot never started. */
    started: boolean;
    startupError?: string;
  }>;
}

export function resultsJson(results: BattleResults, extras: ParticipantExtras[] = []): ResultsJson {
  return {
    rulesVersion: results.rulesVersion,
    seed: results.seed,
    rounds: results.rounds,
    ticks: results.ticks,
    places: results.places.map((place) => {
      const extra = extras[place.index] ?? {};
      return {
        bot: place.name,
        place: place.place,
        score: round2(place.score),
        scoreParts: roundParts(place.scoreParts),
        roundsWon: place.roundsWon,
        damage: round2(place.damage),
        kills: place.kills,
        ...(extra.accuracy ? { shots: extra.accuracy.shots, hits: extra.accuracy.hits } : {}),
        skippedTicks: place.skippedTicks,
        started: extra.startupError === undefined,
        ...(extra.startupError !== undefined ? { startupError: extra.startupError } : {}),
      };
    }),
  };
}

/**
 * The human table: place, bot, score and where it came from (bullet and ram damage, kill bonus,
 * survival incl. last survivor), rounds won, kills, hits/shots, skipped ticks.
 */
export function resultsTable(results: BattleResults, extras: ParticipantExtras[] = []): string {
  const header = [
    'place',
    'bot',
    'score',
    'bullet',
    'ram',
    'kill',
    'survival',
    'won',
    'kills',
    'hits/shots',
    'skipped',
  ];
  const rows = results.places.map((place) => {
    const parts = place.scoreParts;
    const accuracy = extras[place.index]?.accuracy;
    return [
      String(place.place),
      extras[place.index]?.startupError !== undefined ? `${place.name} (did not start)` : place.name,
      fixed1(place.score),
      fixed1(parts.bulletDamage),
      fixed1(parts.ramDamage),
      fixed1(parts.killBonus),
      fixed1(parts.survival + parts.lastSurvivor),
      `${place.roundsWon}/${results.rounds}`,
      String(place.kills),
      accuracy ? `${accuracy.hits}/${accuracy.shots}` : '–',
      String(place.skippedTicks),
    ];
  });
  const title = `${results.mode} · seed ${results.seed} · ${results.rounds} rounds · ${results.ticks} ticks · rules v${results.rulesVersion}`;
  return `${title}\n${renderTable(header, rows, new Set([1]))}`;
}

/** Columns padded to their widest cell; the columns in `leftAligned` are text, the rest numbers. */
export function renderTable(header: string[], rows: string[][], leftAligned: ReadonlySet<number>): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (row: string[]): string =>
    row
      .map((cell, column) =>
        leftAligned.has(column) ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const lines = [format(header), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(format)];
  return `${lines.join('\n')}\n`;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function fixed1(value: number): string {
  return round2(value).toFixed(1);
}

function roundParts(parts: ScoreParts): ScoreParts {
  return {
    bulletDamage: round2(parts.bulletDamage),
    ramDamage: round2(parts.ramDamage),
    killBonus: round2(parts.killBonus),
    survival: round2(parts.survival),
    lastSurvivor: round2(parts.lastSurvivor),
  };
}
