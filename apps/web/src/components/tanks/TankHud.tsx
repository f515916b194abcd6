import { tankColor } from '../../tanks/colors';
import type { DrawFrame } from '../../tanks/frame';
import { formatScore } from '../../format/score';

/** The per-tank panel next to the arena: name, energy, score, and whether it is still in the round. */
export function TankHud({
  frame,
  names,
  self,
}: {
  frame: DrawFrame | null;
  names: readonly string[];
  self?: number | null;
}) {
  if (!frame) return null;
  return (
    <ul className="tank-hud" aria-label="Tanks">
      {frame.tanks.map((tank) => {
        const name = names[tank.index] ?? `Tank ${tank.index + 1}`;
        const energy = Math.max(0, Math.round(tank.energy * 10) / 10);
        const state = !tank.alive ? 'destroyed' : tank.disabled ? 'disabled' : null;
        return (
          <li key={tank.index} className={`tank-card${tank.alive ? '' : ' tank-out'}`}>
            <span className="tank-swatch" style={{ background: tankColor(tank.index) }} aria-hidden="true" />
            <div className="tank-card-main">
              <p className="tank-card-name">
                <span className="tank-label" title={name}>
                  {name}
                </span>
                {self === tank.index && <span className="tank-you"> you</span>}
                {state && <span className="tank-state"> {state}</span>}
              </p>
              <div
                className="energy-bar"
                role="meter"
                aria-label={`${name} energy`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={energy}
              >
                <span style={{ width: `${Math.min(100, energy)}%` }} data-level={energyLevel(energy)} />
              </div>
            </div>
            <dl className="tank-card-numbers">
              <dt>Energy</dt>
              <dd>{energy.toFixed(0)}</dd>
              <dt>Score</dt>
              <dd>{formatScore(frame.scores[tank.index] ?? 0)}</dd>
            </dl>
          </li>
        );
      })}
    </ul>
  );
}

function energyLevel(energy: number): 'high' | 'mid' | 'low' {
  return energy > 50 ? 'high' : energy > 25 ? 'mid' : 'low';
}
