import type { BattleResults } from '@garrison/game';
import { tankColor } from '../../tanks/colors';
import { formatScore } from '../../format/score';

const ORDINALS = ['1st', '2nd', '3rd'];

/** The final standings of a battle, best first. */
export function Scoreboard({ results, names }: { results: BattleResults; names: readonly string[] }) {
  return (
    <table className="data-table scoreboard">
      <caption>Final scoreboard</caption>
      <thead>
        <tr>
          <th scope="col">Place</th>
          <th scope="col">Tank</th>
          <th scope="col" className="number">
            Score
          </th>
          <th scope="col" className="number">
            Rounds
          </th>
          <th scope="col" className="number">
            Damage
          </th>
          <th scope="col" className="number">
            Kills
          </th>
        </tr>
      </thead>
      <tbody>
        {results.places.map((row) => (
          <tr key={row.index} className={row.place === 1 ? 'winner' : undefined}>
            <td>{ORDINALS[row.place - 1] ?? `${row.place}th`}</td>
            <td>
              <span className="tank-swatch" style={{ background: tankColor(row.index) }} aria-hidden="true" />{' '}
              {names[row.index] ?? row.name}
            </td>
            <td className="number">{formatScore(row.score)}</td>
            <td className="number">{row.roundsWon}</td>
            <td className="number">{Math.round(row.damage)}</td>
            <td className="number">{row.kills}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
