import { LOCAL_AGENT } from '../../competition/bot-choice';
import type { BotOption } from './use-my-bots';

/** One select for "which bot plays": my hosted versions, or my local Agent. */
export function BotPicker({
  id,
  label = 'Bot',
  options,
  value,
  onChange,
  loading = false,
  ranked = false,
}: {
  id: string;
  label?: string;
  options: readonly BotOption[];
  value: string;
  onChange: (value: string) => void;
  loading?: boolean;
  /** Ranked battles: versions that may not play them are shown but cannot be picked. */
  ranked?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.length > 0 && (
          <optgroup label="My bots">
            {options.map((o) => (
              <option key={o.value} value={o.value} disabled={ranked && !o.ranked}>
                {ranked && !o.ranked ? `${o.label} (not ranked yet: activate it)` : o.label}
              </option>
            ))}
          </optgroup>
        )}
        <option value={LOCAL_AGENT}>Local agent (garrison play)</option>
      </select>
      {!loading && options.length === 0 && (
        <p className="field-hint">
          No valid hosted version yet: upload one in <a href="#/bots">My bots</a>, or play with your local
          Agent.
        </p>
      )}
    </div>
  );
}

/** The picker's starting value: the first hosted version (that may play ranked, if asked), else the local Agent. */
export function defaultBotValue(options: readonly BotOption[], ranked = false): string {
  return options.find((o) => !ranked || o.ranked)?.value ?? LOCAL_AGENT;
}
