/**
 * Glicko-2 (Mark Glickman, "Example of the Glicko-2 system", 2013): one rating period at a time.
 * Pure arithmetic on the Glicko scale (rating, RD); the internal Glicko-2 scale (μ, φ) never leaks.
 */

export interface Rating {
  rating: number;
  rd: number;
  volatility: number;
}

/** One game of the period: the opponent's pre-period rating and the score (1 win, ½ draw, 0 loss). */
export interface GameResult {
  opponent: Pick<Rating, 'rating' | 'rd'>;
  score: number;
}

export interface Glicko2Options {
  /** System constant: how fast volatility may change (Glickman suggests 0.3–1.2). */
  tau: number;
  /** Convergence tolerance of the volatility iteration. */
  epsilon: number;
}

export const INITIAL_RATING: Rating = { rating: 1500, rd: 350, volatility: 0.06 };
export const DEFAULT_OPTIONS: Glicko2Options = { tau: 0.5, epsilon: 0.000001 };

/** The factor between the Glicko and Glicko-2 scales. */
const SCALE = 173.7178;
const CENTRE = 1500;

const g = (phi: number) => 1 / Math.sqrt(1 + (3 * phi * phi) / (Math.PI * Math.PI));
const expected = (mu: number, muJ: number, phiJ: number) => 1 / (1 + Math.exp(-g(phiJ) * (mu - muJ)));

/** Step 5: the new volatility σ′ by the Illinois variant of regula falsi on f(x). */
function newVolatility(phi: number, sigma: number, v: number, delta: number, opts: Glicko2Options): number {
  const { tau, epsilon } = opts;
  const a = Math.log(sigma * sigma);
  const f = (x: number) => {
    const ex = Math.exp(x);
    const d = phi * phi + v + ex;
    return (ex * (delta * delta - phi * phi - v - ex)) / (2 * d * d) - (x - a) / (tau * tau);
  };
  let A = a;
  let B: number;
  if (delta * delta > phi * phi + v) {
    B = Math.log(delta * delta - phi * phi - v);
  } else {
    let k = 1;
    while (f(a - k * tau) < 0) k++;
    B = a - k * tau;
  }
  let fA = f(A);
  let fB = f(B);
  // The bracket halves fA when the same end survives twice (Illinois): convergence stays superlinear.
  for (let i = 0; Math.abs(B - A) > epsilon && i < 1000; i++) {
    const C = A + ((A - B) * fA) / (fB - fA);
    const fC = f(C);
    if (fC * fB <= 0) {
      A = B;
      fA = fB;
    } else {
      fA = fA / 2;
    }
    B = C;
    fB = fC;
  }
  return Math.exp(A / 2);
}

/**
 * The player's rating after one rating period with `games` (all against pre-period ratings).
 * With no games only the RD grows (step 6 alone), as the paper prescribes for an idle player.
 */
export function ratePeriod(
  player: Rating,
  games: readonly GameResult[],
  opts: Glicko2Options = DEFAULT_OPTIONS,
): Rating {
  const mu = (player.rating - CENTRE) / SCALE;
  const phi = player.rd / SCALE;
  if (games.length === 0) {
    const phiStar = Math.sqrt(phi * phi + player.volatility * player.volatility);
    return { rating: player.rating, rd: phiStar * SCALE, volatility: player.volatility };
  }
  let vInverse = 0;
  let improvement = 0;
  for (const game of games) {
    const muJ = (game.opponent.rating - CENTRE) / SCALE;
    const phiJ = game.opponent.rd / SCALE;
    const e = expected(mu, muJ, phiJ);
    const gJ = g(phiJ);
    vInverse += gJ * gJ * e * (1 - e);
    improvement += gJ * (game.score - e);
  }
  const v = 1 / vInverse;
  const delta = v * improvement;
  const sigma = newVolatility(phi, player.volatility, v, delta, opts);
  const phiStar = Math.sqrt(phi * phi + sigma * sigma);
  const phiNew = 1 / Math.sqrt(1 / (phiStar * phiStar) + 1 / v);
  const muNew = mu + phiNew * phiNew * improvement;
  return { rating: muNew * SCALE + CENTRE, rd: phiNew * SCALE, volatility: sigma };
}

/** What the leaderboard shows: a rating the player is very likely (≈97.5%) to be at least as good as. */
export const conservativeRating = (r: Pick<Rating, 'rating' | 'rd'>) => r.rating - 2 * r.rd;
