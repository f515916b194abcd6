// Tutorial step 2 — lead the shot (docs/bots.md, "Tutorial: from sniper-bait to duelist").
// Step 1, plus: aim where the enemy will be when the bullet gets there, and strafe across its
// line of fire instead of sitting on a circle it can predict.
let enemy = null;
let direction = 1;

function shortest(angle) {
  let a = angle % 360;
  if (a > 180) a -= 360;
  if (a <= -180) a += 360;
  return a;
}
function clamp(value, limit) {
  return Math.max(-limit, Math.min(limit, value));
}
const RAD = Math.PI / 180;

/** Where a tank moving straight on will be when a bullet of `speed` fired now reaches it. */
function lead(me, target, bulletSpeed) {
  let x = target.x;
  let y = target.y;
  for (let t = 1; t < 80; t++) {
    x = Math.max(18, Math.min(arena.width - 18, x + Math.cos(target.heading * RAD) * target.speed));
    y = Math.max(18, Math.min(arena.height - 18, y + Math.sin(target.heading * RAD) * target.speed));
    if (Math.hypot(x - me.x, y - me.y) <= bulletSpeed * t) break;
  }
  return Math.atan2(y - me.y, x - me.x) / RAD;
}
let arena = { width: 800, height: 600 };

export default {
  onRoundStart(info) {
    enemy = null;
    arena = info.arena;
  },
  onTick(tick) {
    const me = tick.self;
    for (const event of tick.events) {
      if (event.type === 'scan') enemy = { ...event, seenAt: tick.tick };
      if (event.type === 'hitWall') direction = -direction;
    }
    if (!enemy || tick.tick - enemy.seenAt > 4) return { speed: 6, bodyTurn: 6, radarTurn: 45 };
    if (tick.tick % 30 === 0) direction = -direction; // strafe back and forth

    // Stay across the enemy's line of fire; lean away when it gets close (tracker rams).
    const away = enemy.distance < 200 ? 40 : 0;
    const wanted = enemy.bearing + direction * (90 + away);
    let turn = shortest(wanted - me.heading);
    let speed = 12;
    if (Math.abs(turn) > 90) {
      turn = shortest(turn + 180);
      speed = -8;
    }
    const bodyTurn = clamp(turn, 24 - Math.abs(me.speed));

    // Misses cost energy too: hard shots only up close, where they land.
    const power = enemy.distance < 150 ? 3 : enemy.distance < 300 ? 1.5 : 1;
    const aim = lead(me, enemy, 40 - 6 * power);
    const turretTurn = clamp(shortest(aim - me.turret) - bodyTurn, 30);
    const radarGap = shortest(enemy.bearing - me.radar);
    const radarTurn = clamp(radarGap + (radarGap >= 0 ? 15 : -15) - bodyTurn - turretTurn, 45);
    const after = shortest(aim - (me.turret + bodyTurn + turretTurn));
    const halfWidth = 18 / enemy.distance / RAD; // half the tank's width, seen from here
    const fire = me.gunHeat === 0 && Math.abs(after) < halfWidth && me.energy > power + 1 ? power : 0;
    return { speed, bodyTurn, turretTurn, radarTurn, fire };
  },
};
