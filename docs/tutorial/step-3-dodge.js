/* global console -- the sandbox provides console; its output goes to the bot's debug log */
// Tutorial step 3 — dodge on an energy drop (docs/bots.md, "Tutorial: from sniper-bait to duelist").
// Step 2, plus: firing costs the enemy its bullet's power in energy, and every scan reports its
// energy. A drop of 0.5–3 that our own hits do not explain means a bullet is on its way: change
// course now, and its aim — computed from how we were moving — misses.
let enemy = null;
let direction = 1;
let hitsOnEnemy = 0; // damage our bullets did to it since the last scan
let lastDodge = -100;
let arena = { width: 800, height: 600 };

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

export default {
  onRoundStart(info) {
    enemy = null;
    arena = info.arena;
    hitsOnEnemy = 0;
    lastDodge = -100;
  },
  onTick(tick) {
    const me = tick.self;
    for (const event of tick.events) {
      if (event.type === 'bulletHit') hitsOnEnemy += event.damage;
      if (event.type === 'hitWall') direction = -direction;
    }
    for (const event of tick.events) {
      if (event.type !== 'scan') continue;
      if (enemy && tick.tick - enemy.seenAt <= 2) {
        const drop = enemy.energy - event.energy - hitsOnEnemy;
        // Reversing on every shot would make us rock in place — an easy target for a bot that
        // fires often: dodge only once the last dodge has had time to work.
        if (drop >= 0.49 && drop <= 3.01 && tick.tick - lastDodge > 15) {
          direction = -direction; // it just fired: dodge
          lastDodge = tick.tick;
          console.log(`tick ${tick.tick}: enemy fired (${drop.toFixed(1)}), dodging`);
        }
      }
      enemy = { ...event, seenAt: tick.tick };
      hitsOnEnemy = 0;
    }
    if (!enemy || tick.tick - enemy.seenAt > 4) return { speed: 6, bodyTurn: 6, radarTurn: 45 };

    // Circle the enemy at a middle distance; the dodges reverse the circle.
    const closeIn = enemy.distance > 400 ? -20 : enemy.distance < 200 ? 40 : 0;
    const wanted = enemy.bearing + direction * (90 + closeIn);
    let turn = shortest(wanted - me.heading);
    let speed = 14;
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
