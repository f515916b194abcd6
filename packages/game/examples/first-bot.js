/* global console -- the sandbox provides console; its output goes to the bot's debug log */
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

function clamp(value, limit) {
  return Math.max(-limit, Math.min(limit, value));
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

    // Step 5: drive sideways to the enemy, reversing every 40 ticks. The body turns at most
    // 24 − |speed| degrees per tick.
    const speed = Math.floor(tick.tick / 40) % 2 === 0 ? 8 : -8;
    const bodyTurn = clamp(shortest(enemy.bearing + 90 - me.heading), 24 - Math.abs(me.speed));

    // Step 2: point the gun at the enemy. The turret rides on the body, so take the body's turn
    // out; the turret's own turn is limited to 30°.
    const gunError = shortest(enemy.bearing - me.turret);
    const turretTurn = clamp(gunError - bodyTurn, 30);

    // Step 3: keep the radar on the enemy: swing it a little past the enemy's direction every
    // tick. The radar rides on the turret: take both turns out.
    const radarError = shortest(enemy.bearing - me.radar);
    const radarTurn = radarError + (radarError >= 0 ? 10 : -10) - bodyTurn - turretTurn;

    // Step 4: fire when the gun will be on target after this tick's turns, and is cool.
    const aimedWell = Math.abs(gunError - bodyTurn - turretTurn) < 3;
    const fire = aimedWell && me.gunHeat === 0 ? 2 : 0;

    return { speed, bodyTurn, turretTurn, radarTurn, fire, debug: `gun error ${gunError.toFixed(1)}°` };
  },
};
