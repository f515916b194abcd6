// Tutorial step 1 — radar lock (docs/bots.md, "Tutorial: from sniper-bait to duelist").
// Find the enemy, keep the radar on it every tick, turn the gun onto it and fire when aimed.
let enemy = null; // the last scan, with the tick it arrived

function shortest(angle) {
  let a = angle % 360;
  if (a > 180) a -= 360;
  if (a <= -180) a += 360;
  return a;
}
function clamp(value, limit) {
  return Math.max(-limit, Math.min(limit, value));
}

export default {
  onRoundStart() {
    enemy = null;
  },
  onTick(tick) {
    const me = tick.self;
    for (const event of tick.events) {
      if (event.type === 'scan') enemy = { ...event, seenAt: tick.tick };
    }
    if (!enemy || tick.tick - enemy.seenAt > 4) {
      return { speed: 6, bodyTurn: 6, radarTurn: 45 }; // search
    }
    // A scan describes the tick we are deciding: bearing and distance are exact while locked.
    const bodyTurn = clamp(shortest(enemy.bearing + 90 - me.heading), 24 - Math.abs(me.speed));
    const turretTurn = clamp(shortest(enemy.bearing - me.turret) - bodyTurn, 30);
    // The lock: sweep the radar a little past the enemy, so the arc crosses it every tick.
    const radarGap = shortest(enemy.bearing - me.radar);
    const radarTurn = clamp(radarGap + (radarGap >= 0 ? 15 : -15) - bodyTurn - turretTurn, 45);
    const after = shortest(enemy.bearing - (me.turret + bodyTurn + turretTurn));
    const fire = me.gunHeat === 0 && Math.abs(after) < 3 ? 2 : 0;
    return { speed: 8, bodyTurn, turretTurn, radarTurn, fire };
  },
};
