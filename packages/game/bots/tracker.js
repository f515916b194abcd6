// tracker — locks its radar on the nearest enemy, charges at it (ramming scores double) and fires
// straight at it, harder the closer it gets. Under rules v2 it holds its fire while an obstacle stands
// between them and drives round it, and it hunts instead of waiting when it has lost its target.
let target = null; // last scan event and its tick
let obstacles = []; // rules v2: the arena's obstacles (none under v1)

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
/** Whether the line from (ax, ay) to (bx, by) crosses an obstacle grown by a bullet's margin (slab test). */
function blocked(ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  return obstacles.some((o) => {
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
    target = null;
    obstacles = (info && info.arena && info.arena.obstacles) || [];
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
      // With obstacles an enemy may hide behind one: drive a wide circle while the radar sweeps.
      return obstacles.length > 0
        ? { speed: 8, bodyTurn: 4, turretTurn: 0, radarTurn: 45 }
        : { speed: 0, bodyTurn: 0, turretTurn: 0, radarTurn: 45 };
    }
    // The scan's bearing and distance are exact while the radar stays locked (a scan describes the
    // tick we are deciding). No Math.atan2/sin/cos here: their last bit differs between JavaScript
    // engines, and a reference bot should play the same battle everywhere.
    const bearing = target.bearing;
    const distance = target.distance;

    // An obstacle in the line of fire: no shot, and the tank turns off the line to get round it.
    const cover = blocked(me.x, me.y, target.x, target.y);
    const course = cover ? bearing + 90 : bearing;
    const bodyTurn = clamp(norm180(course - me.heading), 24 - Math.abs(me.speed));
    const speed = cover ? 8 : Math.abs(norm180(bearing - me.heading)) < 60 ? 16 : 4;
    const turretTurn = clamp(norm180(bearing - me.turret) - bodyTurn, 30);
    // Radar: sweep past the target by a margin so the arc keeps crossing it.
    const radarGap = norm180(bearing - me.radar);
    const radarTotal = radarGap + (radarGap >= 0 ? 15 : -15);
    const radarTurn = clamp(radarTotal - bodyTurn - turretTurn, 45);

    const after = norm180(bearing - (me.turret + bodyTurn + turretTurn));
    const tolerance = deg(18 / distance); // half the target's width as seen from here (small angle)
    const aimed = me.gunHeat === 0 && !cover && Math.abs(after) < tolerance;
    const fire = aimed ? (distance < 150 ? 3 : 1.5) : 0;
    return { speed, bodyTurn, turretTurn, radarTurn, fire };
  },
};
