import type { Field } from './fields.js';

/** Thrown when configuration is invalid; lists every problem at once so one restart fixes them all. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export type ConfigSpec = Record<string, Field<unknown>>;
export type ConfigValuesOf<S extends ConfigSpec> = {
  [K in keyof S]: S[K] extends Field<infer T> ? T : never;
};

export interface ConfigEntryDoc {
  key: string;
  env: string;
  default: unknown;
  required: boolean;
  kind: string;
  doc: string;
}

export type Env = Record<string, string | undefined>;

export interface ConfigDefinition<S extends ConfigSpec = ConfigSpec> {
  readonly spec: S;
  /** Parses `env`; throws ConfigError listing every bad or missing key. */
  load(env?: Env): ConfigValuesOf<S>;
  /** Like load, but returns the problems instead of throwing (used to merge several definitions). */
  tryLoad(env?: Env): { values: ConfigValuesOf<S>; problems: string[] };
  describe(): ConfigEntryDoc[];
}

/**
 * The values a config definition produces. Also accepts a plain values type, so both
 * `ServiceContext<DB, typeof config>` and `ServiceContext<DB, { closeAt: string }>` work.
 */
export type ConfigValues<C> = C extends ConfigDefinition<infer S> ? ConfigValuesOf<S> : C;

export function defineConfig<const S extends ConfigSpec>(spec: S): ConfigDefinition<S> {
  const tryLoad = (env: Env = process.env) => {
    const values: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const [key, f] of Object.entries(spec)) {
      const raw = env[f.env];
      // An empty variable counts as unset: compose files and shells often export `X=`.
      if (raw === undefined || raw === '') {
        if (f.default !== undefined || f.optional) values[key] = f.default;
        else problems.push(`${f.env}: required but not set (${f.doc})`);
        continue;
      }
      const parsed = f.parse(raw);
      if (parsed.ok) values[key] = parsed.value;
      else problems.push(`${f.env}: ${f.secret ? 'invalid value (secret, not shown)' : parsed.problem}`);
    }
    return { values: values as ConfigValuesOf<S>, problems };
  };

  return {
    spec,
    tryLoad,
    load(env) {
      const { values, problems } = tryLoad(env);
      if (problems.length > 0) throw new ConfigError(problems);
      return values;
    },
    describe() {
      return Object.entries(spec).map(([key, f]) => ({
        key,
        env: f.env,
        default: f.secret ? undefined : f.default,
        required: f.default === undefined && !f.optional,
        kind: f.kind,
        doc: f.doc,
      }));
    },
  };
}
