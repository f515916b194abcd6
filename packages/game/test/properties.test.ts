import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng, createMatch, sumParts } from '../src/index.js';
import type { Answer, Match, MatchSnapshot } from '../src/index.js';

/** Wild answers, out-of-range and non-numbers included, so clamping is exercised too. */
function chaoticAnswer(rng: Rng): Answer {
  const pick = (scale: number) => {
    const r = rng.next();
    if (r < 0.03) return NaN;
    if (r < 0.06) return 1e9;
    return (rng.next() * 2 - 1) * scale;
  };
  if (rng.next() < 0.02) return { skipped: 'timeout' };
  return {
    intent: {
      speed: pick(20),
      bodyTurn: pick(40),
      turretTurn: pick(40),
      radarTurn: pick(60),
      fire: rng.next() < 0.3 ? pick(4) : 0,
    },
  };
}

const R = 18;
const seen = { hits: 0, rams: 0, deaths: 0 };

// Plain checks in the hot loop: expect() per tick would dominate the run time.
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`invariant broken: ${what}`);
}

/** Whether the bullet's path this tick, relative to the tank's motion, came within the tank — sampled finely. */
function pathMeets(
  b: MatchSnapshot['bullets'][number],
  t0: { x: number; y: number },
  t1: { x: number; y: number },
): boolean {
  for (let k = 0; k <= 100; k++) {
    const u = k / 100;
    const bx = b.x + u * b.speed * Math.cos((b.heading * Math.PI) / 180);
    const by = b.y + u * b.speed * Math.sin((b.heading * Math.PI) / 180);
    const tx = t0.x + u * (t1.x - t0.x);
    const ty = t0.y + u * (t1.y - t0.y);
    if (Math.hypot(bx - tx, by - ty) < R - 1e-6) return true;
  }
  return false;
}

/** Plays a chaotic battle and checks every invariant after every tick; returns the final match. */
function playChecked(seed: number, tanks: number, bias: 'melee' | 'spread'): Match {
  const rng = Rng.fromSeed(seed ^ 0x5eed);
  const match = createMatch({
    seed,
    participants: Array.from({ length: tanks }, (_, i) => ({ name: `t${i}` })),
    rounds: 2,
    rules: { tickLimit: 250, inactivityTicks: 60, ...(bias === 'melee' ? { spawnMinDistance: 40 } : {}) },
  });
  const ledger = match.participants.map(() => ({ bullet: 0, ram: 0, survival: 0, lastSurvivor: 0 }));
  while (!match.over) {
    match.startRound();
    while (!match.roundOver) {
      const before = match.snapshot();
      match.step(before.tanks.map(() => chaoticAnswer(rng)));
      const after = match.snapshot();
      const { width, height } = after.arena;

      for (const t of after.tanks) {
        check(t.energy >= 0 && t.energy <= 100, `energy ${t.energy}`);
        if (t.alive)
          check(t.x >= R && t.x <= width - R && t.y >= R && t.y <= height - R, `inside at ${t.x},${t.y}`);
      }
      after.tanks.forEach((a, i) =>
        after.tanks.forEach((b, j) => {
          if (i < j && a.alive && b.alive)
            check(Math.hypot(a.x - b.x, a.y - b.y) >= 2 * R, `tanks ${i},${j} overlap`);
        }),
      );

      // No bullet passes through a tank: if its path met a live tank, it is gone this tick.
      const stillFlying = new Set(after.bullets.map((b) => b.id));
      for (const b of before.bullets) {
        before.tanks.forEach((t0, j) => {
          const t1 = after.tanks[j]!;
          if (j !== b.owner && t0.alive && pathMeets(b, t0, t1))
            check(!stillFlying.has(b.id), `bullet ${b.id} passed tank ${j}`);
        });
      }

      // Rebuild the score parts from what the tanks were told.
      const events = after.tanks.map((_, i) => match.observe(i).events);
      events.forEach((list, i) => {
        for (const e of list) {
          if (e.type === 'bulletHit') {
            ledger[i]!.bullet += e.damage;
            seen.hits++;
          }
          if (e.type === 'hitTank' && e.rammer) {
            const victimSaw = events[e.id]!.find((v) => v.type === 'hitTank' && v.id === i);
            if (victimSaw?.type === 'hitTank') ledger[i]!.ram += 2 * victimSaw.damage;
            seen.rams++;
          }
        }
      });
      const deaths = events[0]!.filter((e) => e.type === 'tankDestroyed').length;
      seen.deaths += deaths;
      after.tanks.forEach((t, i) => {
        if (t.alive) ledger[i]!.survival += 50 * deaths;
      });
      const alive = after.tanks.filter((t) => t.alive);
      if (after.roundOver && alive.length === 1)
        ledger[after.tanks.indexOf(alive[0]!)]!.lastSurvivor += 10 * (tanks - 1);
    }
  }

  // Scores add up: each part matches the ledger, the score is exactly their sum.
  for (const p of match.results().places) {
    const l = ledger[p.index]!;
    expect(p.scoreParts.bulletDamage).toBeCloseTo(l.bullet, 9);
    expect(p.scoreParts.ramDamage).toBeCloseTo(l.ram, 9);
    expect(p.scoreParts.survival).toBe(l.survival);
    expect(p.scoreParts.lastSurvivor).toBe(l.lastSurvivor);
    expect(p.scoreParts.killBonus).toBeLessThanOrEqual(0.3 * p.damage + 1e-9);
    if (p.kills === 0) expect(p.scoreParts.killBonus).toBe(0);
    expect(p.score).toBe(sumParts(p.scoreParts));
    expect(p.damage).toBeCloseTo(l.bullet + l.ram / 2, 9);
  }
  return match;
}

describe('engine invariants (property-based)', () => {
  it('when tanks do anything at all, then energy stays in [0, 100], tanks stay inside and apart, no bullet tunnels and scores add up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom<'melee' | 'spread'>('melee', 'spread'),
        (seed, tanks, bias) => {
          playChecked(seed, tanks, bias);
        },
      ),
      { numRuns: 25 },
    );
    // The chaos really exercised hits, rams and deaths (else the checks above prove little).
    expect(seen.hits).toBeGreaterThan(0);
    expect(seen.rams).toBeGreaterThan(0);
    expect(seen.deaths).toBeGreaterThan(0);
  });

  it('when the same chaotic battle is played twice, then it ends bit-for-bit the same', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const a = JSON.stringify(playChecked(seed, 3, 'melee').snapshot());
        const b = JSON.stringify(playChecked(seed, 3, 'melee').snapshot());
        expect(b).toBe(a);
      }),
      { numRuns: 3 },
    );
  });
});
