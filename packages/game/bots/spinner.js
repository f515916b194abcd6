// spinner — drives in circles with its radar spinning and fires at whatever the radar crosses.
let aim = null; // absolute angle to the last enemy seen, and when

function norm180(a) {
  a = a % 360;
  if (a > 180) a -= 360;
  if (a <= -180) a += 360;
  return a;
}

export default {
  onRoundStart() {
    aim = null;
  },
  onTick(tick) {
    const me = tick.self;
    for (const e of tick.events) {
      if (e.type === 'scan') aim = { bearing: e.bearing, tick: tick.tick };
    }
    const bodyTurn = 10;
    let turretTurn = 0;
    let fire = 0;
    if (aim && tick.tick - aim.tick < 10) {
      // The turret rides on the body, so take the body's turn out of the turret's own turn.
      const wanted = norm180(aim.bearing - me.turret);
      turretTurn = Math.max(-30, Math.min(30, wanted - bodyTurn));
      const after = norm180(wanted - bodyTurn - turretTurn);
      if (Math.abs(after) < 4) fire = 1;
    }
    return { speed: 8, bodyTurn, turretTurn, radarTurn: 45, fire };
  },
};
