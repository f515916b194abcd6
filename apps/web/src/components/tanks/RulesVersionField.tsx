// The game rules a battle, room, challenge or tournament is played under (ADR 230).

/** Versions the engine plays, as people choose them. */
export const RULES_CHOICES = [
  { version: 1, label: 'v1 · open arena' },
  // Short: a select is as wide as its longest option, and it must fit a 390 px phone.
  { version: 2, label: 'v2 · obstacles' },
] as const;

/** `{version: 2}` for a rules object, nothing for the default v1 (older services need not know it). */
export const rulesVersionPart = (version: number): { version?: number } => (version === 1 ? {} : { version });

/** What a list says about a battle's rules beyond mode and rounds: nothing for v1. */
export const rulesNote = (version: number | undefined): string =>
  version && version !== 1 ? `, rules v${version}${version === 2 ? ' (obstacles)' : ''}` : '';

export function RulesVersionField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: number;
  onChange: (version: number) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id} title="v2 adds obstacles that block tanks, bullets and radar">
        Rules
      </label>
      <select id={id} value={String(value)} onChange={(e) => onChange(Number(e.target.value))}>
        {RULES_CHOICES.map((c) => (
          <option key={c.version} value={String(c.version)}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}
