// The bot API as a player reads it: what a bot is, what it sees each tick, what it may ask for, and a
// small example. The exact types (with every range) stay in packages/bot-api/src/index.ts.

const EXAMPLE = `export default {
  onRoundStart(info) {
    console.log('round', info.round, 'of', info.rounds);
  },

  onTick(tick) {
    const seen = tick.events.find((e) => e.type === 'scan');
    if (!seen) return { radarTurn: 45, speed: 4 };   // look around
    const aim = seen.bearing - tick.self.turret;     // how far off the gun is
    return {
      speed: 6,
      bodyTurn: 5,
      turretTurn: aim,                                // the engine clamps it to ±30°
      radarTurn: -aim,                                // keep the radar on the enemy
      fire: Math.abs(aim) < 5 ? 2 : 0,
    };
  },
};`;

const SEES: Array<[string, string]> = [
  ['tick.self', 'your tank: x, y, heading, turret, radar, speed, energy (0–100), gunHeat (fires at 0)'],
  [
    'tick.events',
    'what happened last tick: scan (an enemy your radar saw, with distance and bearing), bulletHit, bulletMissed, hitByBullet, hitWall, hitTank, tankDestroyed, skipped',
  ],
  ['tick.bullets', 'your own bullets in flight'],
  ['tick.opponentsAlive', 'how many enemies are left'],
  [
    'info (onRoundStart)',
    'round and rounds, the rules version, arena size (duel 800×600) and, under rules v2, its obstacles, your id, the opponents’ names, the tick limit',
  ],
];

const ASKS: Array<[string, string]> = [
  ['speed', 'units per tick, −8 (reverse) to 16'],
  ['bodyTurn', 'degrees this tick, at most 24 − |speed|'],
  ['turretTurn', 'degrees relative to the body, at most ±30'],
  ['radarTurn', 'degrees relative to the turret, at most ±45'],
  ['fire', 'power 0.5–3 (stronger bullets are slower and heat the gun more); 0 holds fire'],
  ['debug', 'a line for your debug log in the replay'],
];

/** The "How to write a bot" panel next to the editor. */
export function BotGuide() {
  return (
    <details className="card api-help">
      <summary>How to write a bot</summary>
      <div className="bot-guide">
        <p>
          A bot is a JavaScript or TypeScript module. Its default export has <code>onTick(tick)</code>, called
          ten times a second while your tank is alive, which returns what the tank should do; and, if you
          like, <code>onRoundStart(info)</code>. Angles are degrees, 0° points east and they grow
          counter-clockwise; y grows upwards.
        </p>
        <h3>What your bot sees</h3>
        <GuideList items={SEES} />
        <h3>What it can ask for</h3>
        <GuideList items={ASKS} />
        <p className="muted">
          Anything left out means 0; values out of range are clamped, never an error. A bot that throws or
          takes too long skips that tick and keeps its last orders.
        </p>
        <h3>Example</h3>
        <pre className="api-reference">{EXAMPLE}</pre>
      </div>
    </details>
  );
}

function GuideList({ items }: { items: Array<[string, string]> }) {
  return (
    <dl className="guide-list">
      {items.map(([name, text]) => (
        <div key={name}>
          <dt>
            <code>{name}</code>
          </dt>
          <dd>{text}</dd>
        </div>
      ))}
    </dl>
  );
}
