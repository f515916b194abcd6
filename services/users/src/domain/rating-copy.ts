/** A player's rating as ratings last published it (rating.changed); users only shows it. */
export interface RatingCopy {
  /** Glicko-2 skill rating */
  skill: number;
  rd: number;
  /** skill − 2·RD */
  conservative: number;
  /** tournament points of the last 12 months */
  points: number;
  battles: number;
  changedAt: Date;
}
