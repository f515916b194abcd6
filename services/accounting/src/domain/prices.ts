/** Task prices: set once by accounting when a task first becomes known, never re-rolled. */
export const FEE_RANGE = { min: 10, max: 20 } as const;
export const REWARD_RANGE = { min: 20, max: 40 } as const;

export interface TaskPrice {
  fee: number;
  reward: number;
}

/** `randomInt(min, max)` is inclusive on both ends (crypto.randomInt(min, max + 1) in production). */
export function drawPrice(randomInt: (min: number, max: number) => number): TaskPrice {
  return {
    fee: randomInt(FEE_RANGE.min, FEE_RANGE.max),
    reward: randomInt(REWARD_RANGE.min, REWARD_RANGE.max),
  };
}
