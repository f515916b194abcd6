// A starter bot (garrison-agent new). Run it: garrison-agent run __FILE__ builtin:tracker
// The tutorial in docs/bots.md grows a bot like this one step by step. The JSDoc types below give
// your editor completion and type errors (tsconfig.json next to this file turns checkJs on).
let enemy = null; // the last scan event, with the tick it arrived: { ...scan, seenAt }

/** The shortest turn from one angle to another, in (−180, 180]. @param {number} angle */
function shortest(angle) {
  let a = angle % 360;
  if (a > 180) a -= 360;
  if (a <= -180) a += 360;
  return a;
}

/** @param {number} value @param {number} limit */
function clamp(value, limit) {
  return Math.max(-limit, Math.min(limit, value));
}

/** @type {import('@garrison/bot-api').Bot} */
const bot = {
  onRoundStart() {
    enemy = null;
  },

  onTick(tick) {
    const me = tick.self;
    for (const event of tick.events) {
      if (event.type === 'scan') enemy = { ...event, seenAt: tick.tick };
    }
    if (!enemy || tick.tick - enemy.seenAt > 5) {
      // Nobody in sight: spin the radar and keep moving.
      return { speed: 6, bodyTurn: 4, radarTurn: 45 };
    }
    // Turn the gun onto the enemy (the turret rides on the body: take the body's turn out).
    const bodyTurn = 0;
    const turretTurn = clamp(shortest(enemy.bearing - me.turret) - bodyTurn, 30);
    // Keep the radar sweeping across the enemy so the scans keep coming.
    const radarGap = shortest(enemy.bearing - me.radar);
    const radarTurn = clamp(radarGap + (radarGap >= 0 ? 10 : -10) - turretTurn, 45);
    const aimed = Math.abs(shortest(enemy.bearing - (me.turret + turretTurn))) < 3;
    return { speed: 4, bodyTurn, turretTurn, radarTurn, fire: aimed && me.gunHeat === 0 ? 1.5 : 0 };
  },
};

export default bot;
