import type { Arena, BotEvent, OwnBullet, RoundInfo, Tick } from '@garrison/bot-api';
import { RULES_VERSION, bulletDamage, bulletSpeed, resolveRules } from './config.js';
import type { Mode, RulesConfig, RulesOverrides } from './config.js';
import { IDLE_INTENT, clampIntent, encodeApplied } from './intent.js';
import type { AppliedAnswer, Answer, ClampedIntent } from './intent.js';
import { inArc, nextSpeed, segmentCircleEntry } from './physics.js';
import { Rng } from './rng.js';
import { rulesModule } from './rules/index.js';
import type { Terrain } from './rules/index.js';
import { emptyParts, sumParts } from './state.js';
import type { MatchSnapshot, ParticipantStats, TankState } from './state.js';
import { asinDeg, atan2Deg, normDeg, sinCosDeg } from './trig.js';

export interface MatchOptions {
  seed: number;
  participants: Array<{ name: string }>;
  /** Defaults: duel 5, free-for-all 3. */
  rounds?: number;
  /** Defaults to 'duel' for 2 participants, 'ffa' otherwise. */
  mode?: Mode;
  /** Overrides of the rules' numbers (tests shorten things with it). */
  rules?: RulesOverrides;
  /** Version of the rules to play (a module of rules/); defaults to 1. */
  rulesVersion?: number;
}

export interface PlaceResult {
  index: number;
  name: string;
  place: number;
  score: number;
  damage: number;
  kills: number;
  skippedTicks: number;
  roundsWon: number;
  scoreParts: ParticipantStats['parts'];
}

/** Bullets a participant fired, and how many of them hit a tank. */
export interface Accuracy {
  shots: number;
  hits: number;
}

export interface BattleResults {
  rulesVersion: number;
  seed: number;
  mode: Mode;
  /** Rounds played. */
  rounds: number;
  /** Ticks played over all rounds. */
  ticks: number;
  /** Best first. */
  places: PlaceResult[];
}

const MAX_REASON_CHARS = 200; // skip reasons travel in events and replays: keep them short
const GUN_HEAT_QUANTUM = 1e9; // gun heat is kept to 1e-9 so repeated cooling lands exactly on 0

/** Kinds of damage; only bullets and rams are credited to the tank that caused them. */
type Cause = { kind: 'bullet' | 'ram'; by: number } | { kind: 'other' };

/** What one tick's damage added up to. */
interface Tally {
  damageDealt: boolean;
  died: number[];
}

/** Fresh copies of events for a bot (it may mutate what it receives). */
function structuredCopy(events: BotEvent[]): BotEvent[] {
  const out: BotEvent[] = [];
  for (const e of events) out.push({ ...e });
  return out;
}

export class Match {
  private s: MatchSnapshot;
  private readonly rng: Rng;
  /** What step() applied for each participant (replay encoding). */
  lastApplied: AppliedAnswer[] = [];
  /**
   * Bullets fired and bullets that hit, per participant, counted since this object was created
   * (a match resumed from a snapshot counts from there). Kept outside the snapshot so keyframes
   * and results of replays recorded before it stay identical (ADR 213).
   */
  private readonly accuracy: Accuracy[];
  /** What is solid besides the walls (from the rules module); undefined under v1. */
  private readonly terrain: Terrain | undefined;

  private constructor(s: MatchSnapshot) {
    this.s = s;
    this.terrain = rulesModule(s.rulesVersion).terrain(s.arena);
    this.rng = new Rng(s.rng);
    this.accuracy = s.participants.map(() => ({ shots: 0, hits: 0 }));
  }

  static create(opts: MatchOptions): Match {
    const module = rulesModule(opts.rulesVersion ?? RULES_VERSION);
    const rules = resolveRules(opts.rules, module.defaults);
    const n = opts.participants.length;
    const mode: Mode = opts.mode ?? (n === 2 ? 'duel' : 'ffa');
    if (mode === 'duel' && n !== 2) throw new RangeError(`a duel needs exactly 2 participants, got ${n}`);
    if (mode === 'ffa' && (n < rules.ffaMinTanks || n > rules.ffaMaxTanks)) {
      throw new RangeError(
        `free-for-all needs ${rules.ffaMinTanks}–${rules.ffaMaxTanks} participants, got ${n}`,
      );
    }
    if (!Number.isFinite(opts.seed)) throw new RangeError('seed must be a finite number');
    const rounds = opts.rounds ?? (mode === 'duel' ? rules.duelRounds : rules.ffaRounds);
    if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError('rounds must be a positive integer');
    const arena = module.layout(mode, rules, opts.seed);
    return new Match({
      rulesVersion: module.version,
      seed: opts.seed,
      mode,
      rules,
      participants: opts.participants.map((p) => ({ name: p.name })),
      arena,
      rounds,
      round: 0,
      tick: 0,
      totalTicks: 0,
      roundOver: true,
      over: false,
      rng: Rng.fromSeed(opts.seed).state(),
      ticksSinceDamage: 0,
      nextBulletId: 1,
      tanks: [],
      bullets: [],
      stats: opts.participants.map(() => ({
        parts: emptyParts(),
        damage: 0,
        kills: 0,
        skippedTicks: 0,
        roundsWon: 0,
      })),
      roundScore: opts.participants.map(() => 0),
      damageTo: [],
    });
  }

  static fromSnapshot(snapshot: MatchSnapshot): Match {
    rulesModule(snapshot.rulesVersion); // a RangeError for a version this engine does not play
    return new Match(JSON.parse(JSON.stringify(snapshot)) as MatchSnapshot);
  }

  /** A deep, JSON-safe copy of the whole state. */
  snapshot(): MatchSnapshot {
    this.s.rng = this.rng.state();
    return JSON.parse(JSON.stringify(this.s)) as MatchSnapshot;
  }

  get rules(): Readonly<RulesConfig> {
    return this.s.rules;
  }
  get arena(): Arena {
    return copyArena(this.s.arena);
  }
  get rulesVersion(): number {
    return this.s.rulesVersion;
  }
  get participants(): ReadonlyArray<{ name: string }> {
    return this.s.participants;
  }
  get mode(): Mode {
    return this.s.mode;
  }
  get seed(): number {
    return this.s.seed;
  }
  get rounds(): number {
    return this.s.rounds;
  }
  get round(): number {
    return this.s.round;
  }
  get tick(): number {
    return this.s.tick;
  }
  get totalTicks(): number {
    return this.s.totalTicks;
  }
  get roundOver(): boolean {
    return this.s.roundOver;
  }
  get over(): boolean {
    return this.s.over;
  }

  /** True when participant i's bot must answer this tick (alive and not disabled). */
  isActive(i: number): boolean {
    const t = this.s.tanks[i];
    return !this.s.roundOver && t !== undefined && t.alive && !t.disabled;
  }

  startRound(): void {
    const s = this.s;
    if (s.over) throw new Error('the battle is over');
    if (!s.roundOver) throw new Error('the current round is not over');
    const { rules } = s;
    s.round += 1;
    s.tick = 0;
    s.roundOver = false;
    s.ticksSinceDamage = 0;
    s.bullets = [];
    s.roundScore = s.participants.map(() => 0);
    s.damageTo = s.participants.map(() => s.participants.map(() => 0));
    s.tanks = [];
    for (const [x, y] of this.spawnPoints()) {
      const heading = this.rng.int(0, 359);
      s.tanks.push({
        x,
        y,
        heading,
        turret: heading,
        radar: heading,
        speed: 0,
        energy: rules.startEnergy,
        gunHeat: rules.startGunHeat,
        alive: true,
        disabled: false,
        consecutiveSkips: 0,
        lastIntent: { ...IDLE_INTENT },
        events: [],
      });
    }
    s.rng = this.rng.state();
  }

  private spawnPoints(): Array<[number, number]> {
    const { rules, arena } = this.s;
    const m = rules.spawnWallMargin;
    const points: Array<[number, number]> = [];
    const farEnough = (x: number, y: number, min: number): boolean =>
      points.every(([px, py]) => (px - x) * (px - x) + (py - y) * (py - y) >= min * min);
    for (let i = 0; i < this.s.participants.length; i++) {
      // Relax the spacing only if the arena is too crowded for it; never below touching distance.
      let min = rules.spawnMinDistance;
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0 && attempt % 200 === 0) min = Math.max(2 * rules.tankRadius + 1, min / 2);
        const x = this.rng.int(m, arena.width - m);
        const y = this.rng.int(m, arena.height - m);
        // Room to turn around an obstacle; relaxed with the spacing in a crowded arena.
        const clearance = min >= rules.spawnMinDistance ? 2 * rules.tankRadius : rules.tankRadius + 1;
        if (farEnough(x, y, min) && !this.terrain?.blocksTank(x, y, clearance)) {
          points.push([x, y]);
          break;
        }
      }
    }
    return points;
  }

  roundInfo(i: number): RoundInfo {
    const s = this.s;
    return {
      rulesVersion: s.rulesVersion,
      round: s.round,
      rounds: s.rounds,
      arena: copyArena(s.arena),
      selfId: i,
      opponents: s.participants.flatMap((p, id) => (id === i ? [] : [{ id, name: p.name }])),
      tickLimit: s.rules.tickLimit,
    };
  }

  /** What participant i's bot sees now: its tank, its bullets and the events of the last tick. */
  observe(i: number): Tick {
    const s = this.s;
    const t = this.tank(i);
    let opponentsAlive = 0;
    for (let j = 0; j < s.tanks.length; j++) if (j !== i && s.tanks[j]!.alive) opponentsAlive++;
    const bullets: OwnBullet[] = [];
    for (const b of s.bullets) {
      if (b.owner === i)
        bullets.push({ id: b.id, x: b.x, y: b.y, heading: b.heading, power: b.power, speed: b.speed });
    }
    return {
      tick: s.tick,
      round: s.round,
      self: {
        x: t.x,
        y: t.y,
        heading: t.heading,
        turret: t.turret,
        radar: t.radar,
        speed: t.speed,
        energy: t.energy,
        gunHeat: t.gunHeat,
      },
      bullets,
      events: structuredCopy(t.events),
      opponentsAlive,
    };
  }

  private tank(i: number): TankState {
    const t = this.s.tanks[i];
    if (!t) throw new RangeError(`no tank ${i} (has the round started?)`);
    return t;
  }

  /**
   * Plays one tick. answers[i] is participant i's answer; it is ignored for tanks that are dead
   * or disabled. A missing answer counts as a skip.
   */
  step(answers: ReadonlyArray<Answer | null | undefined>): void {
    const s = this.s;
    if (s.roundOver) throw new Error('no round in progress');
    const { rules, arena, tanks } = s;
    const n = tanks.length;
    const r = rules.tankRadius;
    const events: BotEvent[][] = [];
    for (let i = 0; i < n; i++) events.push([]);
    const intents: ClampedIntent[] = [];
    const applied: AppliedAnswer[] = [];
    const tally: Tally = { damageDealt: false, died: [] };
    const damage = this.damage.bind(this, tally);

    // Answers → clamped intents (skips reuse the previous intent with fire cleared).
    for (let i = 0; i < n; i++) {
      const t = tanks[i]!;
      if (!t.alive || t.disabled) {
        intents.push(IDLE_INTENT);
        applied.push(null);
        continue;
      }
      const a = answers[i];
      if (a && 'intent' in a) {
        const ci = clampIntent(rules, a.intent);
        t.lastIntent = ci;
        t.consecutiveSkips = 0;
        intents.push(ci);
        applied.push(encodeApplied(ci));
      } else {
        const reason = a && 'skipped' in a ? String(a.skipped).slice(0, MAX_REASON_CHARS) : 'no answer';
        const disable = Boolean(a && 'skipped' in a && a.disable);
        t.lastIntent = { ...t.lastIntent, fire: 0 };
        t.consecutiveSkips += 1;
        s.stats[i]!.skippedTicks += 1;
        events[i]!.push({ type: 'skipped', reason });
        if (disable || t.consecutiveSkips >= rules.maxConsecutiveSkips) t.disabled = true;
        intents.push(t.lastIntent);
        applied.push(disable ? { skip: reason, disable: true } : { skip: reason });
      }
    }

    // 1. Turns: the turret sits on the body and the radar on the turret, so turns add up.
    const radarStart: number[] = [];
    const radarSweep: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = tanks[i]!;
      const ci = intents[i]!;
      radarStart.push(t.radar);
      if (!t.alive) {
        radarSweep.push(0);
        continue;
      }
      const maxBody = Math.max(0, rules.bodyTurnBase - Math.abs(t.speed));
      const body = Math.min(maxBody, Math.max(-maxBody, ci.bodyTurn));
      const sweep = body + ci.turretTurn + ci.radarTurn;
      t.heading = normDeg(t.heading + body);
      t.turret = normDeg(t.turret + body + ci.turretTurn);
      t.radar = normDeg(t.radar + sweep);
      radarSweep.push(sweep);
    }

    // 2. Speed, 3. move.
    const px: number[] = [];
    const py: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = tanks[i]!;
      px.push(t.x);
      py.push(t.y);
      if (!t.alive) continue;
      t.speed = nextSpeed(t.speed, intents[i]!.speed, rules.acceleration, rules.deceleration);
      const [sin, cos] = sinCosDeg(t.heading);
      t.x += t.speed * cos;
      t.y += t.speed * sin;
    }

    // 4. Collisions with walls (and obstacles: the tank goes back to where it was, which is free)…
    for (let i = 0; i < n; i++) {
      const t = tanks[i]!;
      if (!t.alive) continue;
      const x = Math.min(arena.width - r, Math.max(r, t.x));
      const y = Math.min(arena.height - r, Math.max(r, t.y));
      const blocked = this.terrain !== undefined && this.terrain.blocksTank(x, y, r);
      if (x !== t.x || y !== t.y || blocked) {
        t.x = blocked ? px[i]! : x;
        t.y = blocked ? py[i]! : y;
        const amount = Math.max(0, Math.abs(t.speed) / rules.wallDamageSpeedDivisor - rules.wallDamageOffset);
        t.speed = 0;
        events[i]!.push({ type: 'hitWall', damage: damage(i, amount, { kind: 'other' }) });
      }
    }
    // …and between tanks: both stop and go back to where they were before the move, which is
    // free space; repeat in case that uncovers another overlap (free-for-all pile-ups).
    const collided = new Set<number>();
    for (let pass = 0; pass <= n; pass++) {
      let overlap = false;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const a = tanks[i]!;
          const b = tanks[j]!;
          if (!a.alive || !b.alive) continue;
          const dx = b.x - a.x;
          const dy = b.y - a.y;
          if (dx * dx + dy * dy >= 4 * r * r) continue;
          overlap = true;
          if (!collided.has(i * n + j)) {
            collided.add(i * n + j);
            const aRams = (a.x - px[i]!) * dx + (a.y - py[i]!) * dy > 0;
            const bRams = (b.x - px[j]!) * -dx + (b.y - py[j]!) * -dy > 0;
            const toB = damage(
              j,
              rules.tankCollisionDamage,
              aRams ? { kind: 'ram', by: i } : { kind: 'other' },
            );
            const toA = damage(
              i,
              rules.tankCollisionDamage,
              bRams ? { kind: 'ram', by: j } : { kind: 'other' },
            );
            tally.damageDealt = true;
            events[i]!.push({ type: 'hitTank', id: j, damage: toA, rammer: aRams });
            events[j]!.push({ type: 'hitTank', id: i, damage: toB, rammer: bRams });
          }
          a.speed = 0;
          b.speed = 0;
          a.x = px[i]!;
          a.y = py[i]!;
          b.x = px[j]!;
          b.y = py[j]!;
        }
      }
      if (!overlap) break;
    }

    // 5. Bullets move and hit: the segment each bullet travels, taken relative to each tank's own
    // movement this tick, is tested against the tank's circle; the earliest contact wins.
    const flying = [];
    for (const b of s.bullets) {
      const [sin, cos] = sinCosDeg(b.heading);
      const x1 = b.x + b.speed * cos;
      const y1 = b.y + b.speed * sin;
      let victim = -1;
      let first = Infinity;
      for (let j = 0; j < n; j++) {
        const t = tanks[j]!;
        if (j === b.owner || !t.alive) continue;
        const u = segmentCircleEntry(b.x - px[j]!, b.y - py[j]!, x1 - t.x, y1 - t.y, r);
        if (u >= 0 && u < first) {
          first = u;
          victim = j;
        }
      }
      // An obstacle on the way stops the bullet unless it reaches a tank first.
      const stop = this.terrain ? this.terrain.bulletStop(b.x, b.y, x1, y1) : -1;
      if (victim >= 0 && (stop < 0 || first <= stop)) {
        const dealt = damage(victim, bulletDamage(rules, b.power), { kind: 'bullet', by: b.owner });
        const owner = tanks[b.owner]!;
        if (owner.alive)
          owner.energy = Math.min(rules.maxEnergy, owner.energy + rules.hitReturnPerPower * b.power);
        events[b.owner]!.push({ type: 'bulletHit', bulletId: b.id, target: victim, damage: dealt });
        this.accuracy[b.owner]!.hits += 1;
        events[victim]!.push({
          type: 'hitByBullet',
          from: b.owner,
          damage: dealt,
          bearing: normDeg(b.heading + 180),
        });
      } else if (stop >= 0 || x1 < 0 || x1 > arena.width || y1 < 0 || y1 > arena.height) {
        events[b.owner]!.push({ type: 'bulletMissed', bulletId: b.id });
      } else {
        b.x = x1;
        b.y = y1;
        flying.push(b);
      }
    }
    s.bullets = flying;

    // 6. Fire.
    for (let i = 0; i < n; i++) {
      const t = tanks[i]!;
      if (!t.alive) continue;
      t.gunHeat = Math.round(Math.max(0, t.gunHeat - rules.gunCooling) * GUN_HEAT_QUANTUM) / GUN_HEAT_QUANTUM;
      const p = intents[i]!.fire;
      if (p > 0 && t.gunHeat === 0 && t.energy > p) {
        t.energy -= p;
        t.gunHeat = rules.gunHeatBase + p / rules.gunHeatPowerDivisor;
        this.accuracy[i]!.shots += 1;
        s.bullets.push({
          id: s.nextBulletId++,
          owner: i,
          x: t.x,
          y: t.y,
          heading: t.turret,
          power: p,
          speed: bulletSpeed(rules, p),
        });
      }
    }

    // Inactivity: with no damage dealt for a while, every tank drains.
    s.ticksSinceDamage = tally.damageDealt ? 0 : s.ticksSinceDamage + 1;
    if (s.ticksSinceDamage > rules.inactivityTicks) {
      for (let i = 0; i < n; i++) if (tanks[i]!.alive) damage(i, rules.inactivityDrain, { kind: 'other' });
    }

    // Deaths: everyone still alive survived them.
    for (const v of tally.died) {
      for (let i = 0; i < n; i++) {
        events[i]!.push({ type: 'tankDestroyed', id: v });
        if (tanks[i]!.alive) {
          s.stats[i]!.parts.survival += rules.survivalBonus;
          s.roundScore[i]! += rules.survivalBonus;
        }
      }
    }

    // 7. Scan the sector each radar swept (at least ± radarMinHalfSweep).
    for (let i = 0; i < n; i++) {
      const t = tanks[i]!;
      if (!t.alive) continue;
      let start = radarStart[i]!;
      let sweep = radarSweep[i]!;
      const minWidth = 2 * rules.radarMinHalfSweep;
      if (Math.abs(sweep) < minWidth) {
        start = start + sweep / 2 - rules.radarMinHalfSweep;
        sweep = minWidth;
      }
      for (let j = 0; j < n; j++) {
        const o = tanks[j]!;
        if (j === i || !o.alive) continue;
        const dx = o.x - t.x;
        const dy = o.y - t.y;
        const distance = Math.sqrt(dx * dx + dy * dy);
        if (distance - r > rules.radarRange) continue;
        const bearing = atan2Deg(dy, dx);
        const halfWidth = distance > r ? asinDeg(r / distance) : 180;
        if (!inArc(bearing, start, sweep, halfWidth)) continue;
        if (this.terrain?.blocksSight(t.x, t.y, o.x, o.y)) continue;
        events[i]!.push({
          type: 'scan',
          id: j,
          x: o.x,
          y: o.y,
          heading: o.heading,
          speed: o.speed,
          energy: o.energy,
          distance,
          bearing,
        });
      }
    }

    // 8. Events are delivered by the next observe().
    for (let i = 0; i < n; i++) tanks[i]!.events = events[i]!;
    this.lastApplied = applied;
    s.tick += 1;
    s.totalTicks += 1;
    let alive = 0;
    for (const t of tanks) if (t.alive) alive++;
    if (alive <= 1 || s.tick >= rules.tickLimit) this.endRound();
  }

  /** Removes energy (never more than is left), credits bullets and rams, records deaths and kill bonuses. */
  private damage(tally: Tally, victim: number, amount: number, cause: Cause): number {
    const s = this.s;
    const { rules } = s;
    const t = s.tanks[victim]!;
    const dealt = Math.min(amount, t.energy);
    t.energy -= dealt;
    if (cause.kind !== 'other') {
      tally.damageDealt = true;
      const st = s.stats[cause.by]!;
      const points = dealt * (cause.kind === 'bullet' ? rules.scoreBulletDamage : rules.scoreRamDamage);
      if (cause.kind === 'bullet') st.parts.bulletDamage += points;
      else st.parts.ramDamage += points;
      st.damage += dealt;
      s.roundScore[cause.by]! += points;
      s.damageTo[cause.by]![victim]! += dealt;
    }
    if (t.energy <= 0) {
      t.energy = 0;
      t.alive = false;
      t.speed = 0;
      tally.died.push(victim);
      if (cause.kind !== 'other') {
        const st = s.stats[cause.by]!;
        const rate = cause.kind === 'bullet' ? rules.killBonus : rules.ramKillBonus;
        const bonus = rate * s.damageTo[cause.by]![victim]!;
        st.kills += 1;
        st.parts.killBonus += bonus;
        s.roundScore[cause.by]! += bonus;
      }
    }
    return dealt;
  }

  private endRound(): void {
    const s = this.s;
    const n = s.tanks.length;
    const alive = s.tanks.flatMap((t, i) => (t.alive ? [i] : []));
    let winner: number;
    if (alive.length === 1) {
      winner = alive[0]!;
      const bonus = s.rules.lastSurvivorPerOpponent * (n - 1);
      s.stats[winner]!.parts.lastSurvivor += bonus;
      s.roundScore[winner]! += bonus;
    } else {
      // Several left at the tick limit, or all destroyed together: best round score wins.
      const candidates = alive.length > 0 ? alive : s.tanks.map((_, i) => i);
      winner = candidates.reduce((best, i) => (s.roundScore[i]! > s.roundScore[best]! ? i : best));
    }
    s.stats[winner]!.roundsWon += 1;
    s.bullets = [];
    s.roundOver = true;
    if (s.round >= s.rounds) s.over = true;
  }

  /** Shots fired and hits scored per participant (index order), counted by this object. */
  shotStats(): Accuracy[] {
    return this.accuracy.map((a) => ({ ...a }));
  }

  /** Standings so far (final once `over`). */
  results(): BattleResults {
    const s = this.s;
    const rows = s.participants.map((p, index) => {
      const st = s.stats[index]!;
      return {
        index,
        name: p.name,
        place: 0,
        score: sumParts(st.parts),
        damage: st.damage,
        kills: st.kills,
        skippedTicks: st.skippedTicks,
        roundsWon: st.roundsWon,
        scoreParts: { ...st.parts },
      };
    });
    rows.sort(
      (a, b) => b.score - a.score || b.roundsWon - a.roundsWon || b.damage - a.damage || a.index - b.index,
    );
    rows.forEach((row, k) => (row.place = k + 1));
    const roundsPlayed = s.roundOver ? s.round : s.round - 1;
    return {
      rulesVersion: s.rulesVersion,
      seed: s.seed,
      mode: s.mode,
      rounds: roundsPlayed,
      ticks: s.totalTicks,
      places: rows,
    };
  }
}

/** A copy a caller may change (obstacles included). */
function copyArena(a: Arena): Arena {
  return a.obstacles ? { ...a, obstacles: a.obstacles.map((o) => ({ ...o })) } : { ...a };
}

export function createMatch(opts: MatchOptions): Match {
  return Match.create(opts);
}
