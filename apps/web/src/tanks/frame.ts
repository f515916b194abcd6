// What the canvas draws at a playback position between two engine states: tanks and bullets
// interpolated for smooth motion at any frame rate, plus the effects (explosions, hits, shots)
// that happened between them. Pure: tested in node.
import { sumParts, type MatchSnapshot, type Obstacle } from '@garrison/game';
import { along, clampToArena, lerp, lerpAngle, sweptSector, type ArenaSize } from './geometry';

export interface TankPose {
  index: number;
  x: number;
  y: number;
  heading: number;
  turret: number;
  radar: number;
  /** The sector the radar sweeps during this tick (counter-clockwise from `start`). */
  sweep: { start: number; span: number };
  energy: number;
  gunHeat: number;
  alive: boolean;
  disabled: boolean;
}

export interface BulletPose {
  id: number;
  owner: number;
  x: number;
  y: number;
  heading: number;
  power: number;
  speed: number;
}

export interface DrawFrame {
  arena: ArenaSize;
  /** Solid rectangles of a rules v2 arena (none under v1), in world units. */
  obstacles: readonly Obstacle[];
  radarRange: number;
  tankRadius: number;
  round: number;
  rounds: number;
  /** Tick within the round and over the whole battle, of the state shown (the one before). */
  tick: number;
  totalTicks: number;
  roundOver: boolean;
  over: boolean;
  tanks: TankPose[];
  bullets: BulletPose[];
  /** Battle score so far, per participant. */
  scores: number[];
}

export type EffectKind = 'explosion' | 'hit' | 'miss' | 'shot';

export interface Effect {
  kind: EffectKind;
  x: number;
  y: number;
  /** The tank it belongs to: the one destroyed, hit or firing; the shooter of a miss. */
  tank: number;
  /** For shots, the turret heading (the flash points along it). */
  heading?: number;
}

/** Two states belong to one continuous stretch of play (no round change between them). */
function continuous(before: MatchSnapshot, after: MatchSnapshot | null): after is MatchSnapshot {
  return after !== null && after.round === before.round && !before.roundOver && after.tanks.length > 0;
}

/**
 * The scene `alpha` (0…1) of the way from `before` to `after`. Across a round change, or at the end,
 * the scene is `before` as it is: tanks do not glide to their new spawn points.
 */
export function interpolate(before: MatchSnapshot, after: MatchSnapshot | null, alpha: number): DrawFrame {
  const next = continuous(before, after) ? after : null;
  const t = next ? Math.min(1, Math.max(0, alpha)) : 0;
  const minHalf = before.rules.radarMinHalfSweep;
  const tanks = before.tanks.map((a, index): TankPose => {
    const b = next?.tanks[index] ?? a;
    const dies = a.alive && !b.alive;
    return {
      index,
      x: lerp(a.x, b.x, t),
      y: lerp(a.y, b.y, t),
      heading: lerpAngle(a.heading, b.heading, t),
      turret: lerpAngle(a.turret, b.turret, t),
      radar: lerpAngle(a.radar, b.radar, t),
      sweep: sweptSector(a.radar, b.radar, minHalf),
      energy: lerp(a.energy, b.energy, t),
      gunHeat: a.gunHeat,
      // A tank destroyed during this tick stays visible until half way, then the explosion takes over.
      alive: a.alive && !(dies && t >= 0.5),
      disabled: a.disabled,
    };
  });
  const later = new Map((next?.bullets ?? []).map((bullet) => [bullet.id, bullet]));
  const bullets = before.bullets.flatMap((a): BulletPose[] => {
    const b = later.get(a.id);
    if (b) return [{ ...a, x: lerp(a.x, b.x, t), y: lerp(a.y, b.y, t) }];
    if (!next || t >= 0.5) return next ? [] : [{ ...a }];
    // Hit something or left the arena during this tick: fly on for the first half of it.
    const [x, y] = along(a.x, a.y, a.heading, a.speed * t);
    return [{ ...a, x, y }];
  });
  return {
    arena: before.arena,
    obstacles: before.arena.obstacles ?? [],
    radarRange: before.rules.radarRange,
    tankRadius: before.rules.tankRadius,
    round: before.round,
    rounds: before.rounds,
    tick: before.tick,
    totalTicks: before.totalTicks,
    roundOver: before.roundOver,
    over: before.over,
    tanks,
    bullets,
    scores: before.stats.map((s) => sumParts(s.parts)),
  };
}

/** What happened during the tick that led from `before` to `after`, as things to draw. */
export function effectsBetween(before: MatchSnapshot, after: MatchSnapshot): Effect[] {
  if (after.round !== before.round || before.roundOver || after.tanks.length === 0) return [];
  const effects: Effect[] = [];
  const radius = after.rules.tankRadius;
  const earlier = new Map(before.bullets.map((bullet) => [bullet.id, bullet]));

  after.tanks.forEach((tank, index) => {
    if (before.tanks[index]?.alive && !tank.alive) {
      effects.push({ kind: 'explosion', x: tank.x, y: tank.y, tank: index });
    }
    for (const event of tank.events) {
      if (event.type === 'bulletHit') {
        const target = after.tanks[event.target];
        const bullet = earlier.get(event.bulletId);
        if (!target) continue;
        // On the target's hull, facing where the bullet came from.
        const toward = bullet ? Math.atan2(bullet.y - target.y, bullet.x - target.x) : 0;
        effects.push({
          kind: 'hit',
          x: target.x + Math.cos(toward) * radius,
          y: target.y + Math.sin(toward) * radius,
          tank: event.target,
        });
      } else if (event.type === 'bulletMissed') {
        const bullet = earlier.get(event.bulletId);
        if (!bullet) continue;
        const [fx, fy] = along(bullet.x, bullet.y, bullet.heading, bullet.speed);
        const [x, y] = clampToArena(after.arena, fx, fy);
        effects.push({ kind: 'miss', x, y, tank: index });
      }
    }
  });
  for (const bullet of after.bullets) {
    if (earlier.has(bullet.id)) continue;
    const shooter = after.tanks[bullet.owner];
    if (!shooter) continue;
    const [x, y] = along(shooter.x, shooter.y, shooter.turret, radius + 6);
    effects.push({ kind: 'shot', x, y, tank: bullet.owner, heading: shooter.turret });
  }
  return effects;
}

/** How long each effect stays on screen, in wall-clock milliseconds (readable at any speed). */
export const EFFECT_MS: Record<EffectKind, number> = {
  explosion: 900,
  hit: 320,
  miss: 260,
  shot: 110,
};

export interface TimedEffect extends Effect {
  bornAt: number;
}

/** Drops the effects whose time is over. */
export function liveEffects(effects: TimedEffect[], now: number): TimedEffect[] {
  return effects.filter((e) => now - e.bornAt < EFFECT_MS[e.kind]);
}
