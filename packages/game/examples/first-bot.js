// first-bot — the bot built step by step in docs/bots.md: find the enemy with the radar, turn the
// gun onto it, fire when aimed, and keep moving so it is harder to hit.
let enemy = null; // the last scan event, remembered with the tick it arrived

// Turn an angle difference into the shortest turn, in (−180, 180].
function shortest(angle) {
  let a = angle % 360;
  if (a > 180) a -= 360;
  if (a <= -180) a += 360;
  return a;
}

export default {
  onRoundStart(info) {
    enemy = null;
    console.log(
      `round ${info.round} of ${info.rounds} against ${info.opponents.map((o) => o.name).join(', ')}`,
    );
  },

  onTick(tick) {
    const me = tick.self;
    for (const event of tick.events) {
      if (event.type === 'scan') enemy = { ...event, seenAt: tick.tick };
    }

    // Step 1: no (recent) enemy — spin the radar as fast as it goes to find one.
    if (enemy === null || tick.tick - enemy.seenAt > 10) {
      return { radarTurn: 45, speed: 4, bodyTurn: 6 };
    }

    // Step 2: point the gun at the enemy. turretTurn is relative to the body, and limited to 30°.
    const gunError = shortest(enemy.bearing - me.turret);
    const turretTurn = Math.max(-30, Math.min(30, gunError));

    // Step 3: keep the radar on the enemy: swing it across the enemy's direction every tick.
    // radarTurn is relative to the turret, so subtract the turret's own turn.
    const radarError = shortest(enemy.bearing - me.radar);
    const radarTurn = radarError + (radarError >= 0 ? 10 : -10) - turretTurn;

    // Step 4: fire when the gun is on target (after this tick's turn) and cool.
    const aimedWell = Math.abs(gunError - turretTurn) < 3;
    const fire = aimedWell && me.gunHeat === 0 ? 2 : 0;

    // Step 5: drive sideways to the enemy, reversing now and then.
    const sideways = shortest(enemy.bearing + 90 - me.heading);
    const speed = Math.floor(tick.tick / 40) % 2 === 0 ? 8 : -8;

    return {
      speed,
      bodyTurn: sideways,
      turretTurn,
      radarTurn,
      fire,
      debug: `gun error ${gunError.toFixed(1)}°`,
    };
  },
};
