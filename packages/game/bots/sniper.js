// sniper — keeps its distance strafing sideways, locks its radar and leads its shots at where
// the enemy will be (linear prediction), choosing the bullet power by distance.
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
function deg(rad) {
  return (rad * 180) / Math.PI;
}
function rad(d) {
  return (d * Math.PI) / 180;
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
        target = Object.assign({}, e, { seen: tick.tick });
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
    const ex = target.x + Math.cos(rad(target.heading)) * target.speed * age;
    const ey = target.y + Math.sin(rad(target.heading)) * target.speed * age;
    const dx = ex - me.x;
    const dy = ey - me.y;
    const distance = Math.sqrt(dx * dx + dy * dy);
    const bearing = deg(Math.atan2(dy, dx));

    // Movement: perpendicular to the enemy, drifting to a preferred range; flip on a rhythm.
    if (tick.tick >= nextFlip) {
      direction = -direction;
      nextFlip = tick.tick + 18 + ((tick.tick * 7 + Math.floor(me.x)) % 23);
    }
    const drift = distance < 220 ? -60 : distance < 320 ? -30 : distance > 480 ? 25 : 0;
    let heading = bearing + direction * (90 - drift);
    // Wall smoothing: if the course would leave the arena soon, turn the other way.
    const lookX = me.x + Math.cos(rad(heading)) * 80;
    const lookY = me.y + Math.sin(rad(heading)) * 80;
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

    // Gun: lead the target, iterating the bullet's flight time.
    const power = distance < 200 ? 3 : distance < 400 ? 2.2 : 1.5;
    const bulletSpeed = 40 - 6 * power;
    const vx = Math.cos(rad(target.heading)) * target.speed;
    const vy = Math.sin(rad(target.heading)) * target.speed;
    let px = ex;
    let py = ey;
    for (let k = 0; k < 5; k++) {
      const t = Math.sqrt((px - me.x) ** 2 + (py - me.y) ** 2) / bulletSpeed + 1;
      px = Math.max(18, Math.min(w - 18, ex + vx * t));
      py = Math.max(18, Math.min(h - 18, ey + vy * t));
    }
    const aim = deg(Math.atan2(py - me.y, px - me.x));
    const turretTurn = clamp(norm180(aim - me.turret) - bodyTurn, 30);
    const after = norm180(aim - (me.turret + bodyTurn + turretTurn));
    const tolerance = deg(Math.atan2(12, distance));
    const fire = me.gunHeat === 0 && Math.abs(after) < tolerance && me.energy > power + 1 ? power : 0;

    const radarGap = norm180(bearing - me.radar);
    const radarTurn = clamp(radarGap + (radarGap >= 0 ? 15 : -15) - bodyTurn - turretTurn, 45);
    return { speed, bodyTurn, turretTurn, radarTurn, fire };
  },
};
