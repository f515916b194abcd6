// sniper — keeps its distance strafing sideways, locks its radar and leads its shots at where
// the enemy will be (circular prediction: its speed and turn rate carried forward), choosing the
// bullet power by distance. Under rules v2 it holds its fire while an obstacle is in the way.
let target = null;
let direction = 1; // strafing direction, flips now and then to dodge
let nextFlip = 0;
let arena = { width: 800, height: 600 };

function norm180(a) {
  a = a % 360;
  if (a > 180) a -= 360;
  if (a <= -180) a += 360;
  return a;
}
function clamp(v, lim) {
  return Math.max(-lim, Math.min(lim, v));
}
function deg(radians) {
  return (radians * 180) / Math.PI;
}

// Trigonometry from plain arithmetic: Math.sin/cos/atan2 differ in the last bit between
// JavaScript engines, and a reference bot should play the same battle everywhere.
function cosSin(degrees) {
  let d = degrees % 360;
  if (d < 0) d += 360;
  const q = Math.round(d / 90); // quarter turns; the rest is within ±45°
  const x = ((d - 90 * q) * Math.PI) / 180;
  const x2 = x * x;
  const s = x * (1 - (x2 / 6) * (1 - (x2 / 20) * (1 - (x2 / 42) * (1 - (x2 / 72) * (1 - x2 / 110)))));
  const c = 1 - (x2 / 2) * (1 - (x2 / 12) * (1 - (x2 / 30) * (1 - (x2 / 56) * (1 - x2 / 90))));
  if (q % 4 === 0) return [c, s];
  if (q % 4 === 1) return [-s, c];
  if (q % 4 === 2) return [-c, -s];
  return [s, -c];
}
function atan2Deg(y, x) {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (ax === 0 && ay === 0) return 0;
  const t = Math.min(ax, ay) / Math.max(ax, ay);
  const u = t / (1 + Math.sqrt(1 + t * t)); // atan(t) = 2·atan(u), u ≤ 0.42
  let series = 0;
  for (let k = 21; k >= 1; k -= 2) series = 1 / k - u * u * series;
  let a = deg(2 * u * series);
  if (ay > ax) a = 90 - a;
  if (x < 0) a = 180 - a;
  return y < 0 ? -a : a;
}

/** Whether the line from (ax, ay) to (bx, by) crosses an obstacle grown by a bullet's margin (slab test). */
function blocked(ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  return (arena.obstacles || []).some((o) => {
    let from = 0;
    let to = 1;
    const slabs = [
      [-dx, ax - (o.x - 4)],
      [dx, o.x + o.width + 4 - ax],
      [-dy, ay - (o.y - 4)],
      [dy, o.y + o.height + 4 - ay],
    ];
    for (const [p, q] of slabs) {
      if (p === 0) {
        if (q < 0) return false;
      } else if (p < 0) {
        from = Math.max(from, q / p);
      } else {
        to = Math.min(to, q / p);
      }
      if (from > to) return false;
    }
    return true;
  });
}

export default {
  onRoundStart(info) {
    arena = info.arena;
    target = null;
    direction = 1;
    nextFlip = 20;
  },
  onTick(tick) {
    const me = tick.self;
    for (const e of tick.events) {
      if (e.type === 'scan' && (!target || e.id === target.id || e.distance < target.distance)) {
        // Turn rate from two scans of the same tank, for circular prediction.
        let turnRate = 0;
        if (target && target.id === e.id && tick.tick > target.seen) {
          turnRate = norm180(e.heading - target.heading) / (tick.tick - target.seen);
        }
        target = Object.assign({}, e, { seen: tick.tick, turnRate: turnRate });
      }
      if (e.type === 'tankDestroyed' && target && e.id === target.id) target = null;
      if (e.type === 'hitWall' || e.type === 'hitTank') direction = -direction;
    }
    if (!target || tick.tick - target.seen > 6) {
      target = null;
      return { speed: 4, bodyTurn: 5, turretTurn: 0, radarTurn: 45 };
    }

    // Where the enemy is now (one tick after the scan, assuming it kept going).
    const age = tick.tick - target.seen;
    const [hx, hy] = cosSin(target.heading);
    const ex = target.x + hx * target.speed * age;
    const ey = target.y + hy * target.speed * age;
    const dx = ex - me.x;
    const dy = ey - me.y;
    const distance = Math.sqrt(dx * dx + dy * dy);
    const bearing = atan2Deg(dy, dx);

    // Movement: perpendicular to the enemy, drifting to a preferred range; flip on a rhythm.
    if (tick.tick >= nextFlip) {
      direction = -direction;
      nextFlip = tick.tick + 18 + ((tick.tick * 7 + Math.floor(me.x)) % 23);
    }
    const drift = distance < 220 ? -60 : distance < 320 ? -30 : distance > 480 ? 25 : 0;
    let heading = bearing + direction * (90 - drift);
    // Wall smoothing: if the course would leave the arena soon, turn the other way.
    const [cx, cy] = cosSin(heading);
    const lookX = me.x + cx * 80;
    const lookY = me.y + cy * 80;
    const w = arena.width;
    const h = arena.height;
    if (lookX < 40 || lookY < 40 || lookX > w - 40 || lookY > h - 40) {
      direction = -direction;
      nextFlip = tick.tick + 25;
      heading = bearing + direction * (90 - drift);
    }
    // Drive forwards or backwards, whichever needs the smaller turn.
    let turn = norm180(heading - me.heading);
    let speed = distance < 220 ? 16 : 12;
    if (Math.abs(turn) > 90) {
      turn = norm180(turn + 180);
      speed = -8;
    }
    const bodyTurn = clamp(turn, 24 - Math.abs(me.speed));

    // Gun: lead the target — replay its motion (speed, turn rate) tick by tick until a bullet fired
    // now would have covered the distance to it.
    const power = distance < 200 ? 3 : distance < 400 ? 2.2 : 1.5;
    const bulletSpeed = 40 - 6 * power;
    let px = ex;
    let py = ey;
    let dir = target.heading + target.turnRate * age;
    for (let k = 1; k < 60; k++) {
      dir += target.turnRate;
      const [dx1, dy1] = cosSin(dir);
      px = Math.max(18, Math.min(w - 18, px + dx1 * target.speed));
      py = Math.max(18, Math.min(h - 18, py + dy1 * target.speed));
      if (Math.sqrt((px - me.x) * (px - me.x) + (py - me.y) * (py - me.y)) <= bulletSpeed * k) break;
    }
    const aim = atan2Deg(py - me.y, px - me.x);
    const turretTurn = clamp(norm180(aim - me.turret) - bodyTurn, 30);
    const after = norm180(aim - (me.turret + bodyTurn + turretTurn));
    const tolerance = deg(12 / distance); // a little under half the target's width (small angle)
    const aimed = me.gunHeat === 0 && Math.abs(after) < tolerance && me.energy > power + 1;
    const fire = aimed && !blocked(me.x, me.y, px, py) ? power : 0;

    const radarGap = norm180(bearing - me.radar);
    const radarTurn = clamp(radarGap + (radarGap >= 0 ? 15 : -15) - bodyTurn - turretTurn, 45);
    return { speed, bodyTurn, turretTurn, radarTurn, fire };
  },
};
