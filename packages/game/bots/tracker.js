// tracker — locks its radar on the nearest enemy, charges at it (ramming scores double) and fires
// straight at it, harder the closer it gets.
let target = null; // last scan event and its tick

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

export default {
  onRoundStart() {
    target = null;
  },
  onTick(tick) {
    const me = tick.self;
    for (const e of tick.events) {
      if (e.type === 'scan' && (!target || e.id === target.id || e.distance < target.distance)) {
        target = Object.assign({}, e, { seen: tick.tick });
      }
      if (e.type === 'tankDestroyed' && target && e.id === target.id) target = null;
    }
    if (!target || tick.tick - target.seen > 6) {
      target = null;
      return { speed: 0, bodyTurn: 0, turretTurn: 0, radarTurn: 45 };
    }
    // The scan's bearing and distance are exact while the radar stays locked (a scan describes the
    // tick we are deciding). No Math.atan2/sin/cos here: their last bit differs between JavaScript
    // engines, and a reference bot should play the same battle everywhere.
    const bearing = target.bearing;
    const distance = target.distance;

    const bodyTurn = clamp(norm180(bearing - me.heading), 24 - Math.abs(me.speed));
    const speed = Math.abs(norm180(bearing - me.heading)) < 60 ? 16 : 4;
    const turretTurn = clamp(norm180(bearing - me.turret) - bodyTurn, 30);
    // Radar: sweep past the target by a margin so the arc keeps crossing it.
    const radarGap = norm180(bearing - me.radar);
    const radarTotal = radarGap + (radarGap >= 0 ? 15 : -15);
    const radarTurn = clamp(radarTotal - bodyTurn - turretTurn, 45);

    const after = norm180(bearing - (me.turret + bodyTurn + turretTurn));
    const tolerance = deg(18 / distance); // half the target's width as seen from here (small angle)
    const fire = me.gunHeat === 0 && Math.abs(after) < tolerance ? (distance < 150 ? 3 : 1.5) : 0;
    return { speed, bodyTurn, turretTurn, radarTurn, fire };
  },
};
