import type { BattleResults, ScoreParts } from '@garrison/game';
import type { BattleReport } from '@garrison/sandbox';

/** One bot's record over a series of battles (`garrison-agent match`). */
export interface SeriesRecord {
  bot: string;
  battles: number;
  wins: number;
  losses: number;
  draws: number;
  /** (wins + draws / 2) / battles, and its 95 % Wilson score interval. */
  winRate: number;
  winRateLow: number;
  winRateHigh: number;
  meanScore: number;
  meanScoreParts: ScoreParts;
  meanRoundsWon: number;
  shots: number;
  hits: number;
  skippedTicks: number;
  /** Battles in which the bot never started. */
  notStarted: number;
}

const Z95 = 1.959963984540054;

/**
 * Tallies a series: a bot wins a battle when it alone has the best score, draws when it shares
 * the best score, and loses otherwise.
 */
export function tallySeries(names: readonly string[], reports: readonly BattleReport[]): SeriesRecord[] {
  return names.map((bot, index) => {
    let wins = 0;
    let draws = 0;
    let score = 0;
    let roundsWon = 0;
    let shots = 0;
    let hits = 0;
    let skippedTicks = 0;
    let notStarted = 0;
    const parts: ScoreParts = { bulletDamage: 0, ramDamage: 0, killBonus: 0, survival: 0, lastSurvivor: 0 };
    for (const report of reports) {
      const place = report.results.places.find((row) => row.index === index);
      if (!place) continue;
      const outcome = outcomeOf(report.results, index);
      if (outcome === 'win') wins++;
      else if (outcome === 'draw') draws++;
      score += place.score;
      roundsWon += place.roundsWon;
      skippedTicks += place.skippedTicks;
      for (const key of Object.keys(parts) as Array<keyof ScoreParts>) parts[key] += place.scoreParts[key];
      const bot = report.bots[index];
      shots += bot?.accuracy.shots ?? 0;
      hits += bot?.accuracy.hits ?? 0;
      if (bot?.startupError !== undefined) notStarted++;
    }
    const battles = reports.length;
    const [low, high] = wilsonInterval(wins + draws / 2, battles);
    const mean = (value: number) => (battles === 0 ? 0 : value / battles);
    return {
      bot,
      battles,
      wins,
      losses: battles - wins - draws,
      draws,
      winRate: mean(wins + draws / 2),
      winRateLow: low,
      winRateHigh: high,
      meanScore: mean(score),
      meanScoreParts: {
        bulletDamage: mean(parts.bulletDamage),
        ramDamage: mean(parts.ramDamage),
        killBonus: mean(parts.killBonus),
        survival: mean(parts.survival),
        lastSurvivor: mean(parts.lastSurvivor),
      },
      meanRoundsWon: mean(roundsWon),
      shots,
      hits,
      skippedTicks,
      notStarted,
    };
  });
}

function outcomeOf(results: BattleResults, index: number): 'win' | 'draw' | 'loss' {
  const best = Math.max(...results.places.map((place) => round2(place.score)));
  const top = results.places.filter((place) => round2(place.score) === best);
  if (!top.some((place) => place.index === index)) return 'loss';
  return top.length === 1 ? 'win' : 'draw';
}

/** The 95 % Wilson score interval of a proportion `successes / trials` (draws count half). */
export function wilsonInterval(successes: number, trials: number): [number, number] {
  if (trials === 0) return [0, 1];
  const p = successes / trials;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  // At 0 or all successes the bound is exactly 0 or 1; the formula leaves a rounding residue.
  return [
    successes === 0 ? 0 : Math.max(0, centre - half),
    successes === trials ? 1 : Math.min(1, centre + half),
  ];
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
