// Config fields: each knows its environment variable, its default (or that it is required),
// its documentation, and how to parse the raw string. Parsing never throws: it returns a problem.

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface Field<T> {
  readonly env: string;
  readonly doc: string;
  /** undefined means: no default (required unless `optional`). */
  readonly default: T | undefined;
  readonly optional: boolean;
  /** Secrets are never echoed back in error messages. */
  readonly secret: boolean;
  readonly kind: string;
  parse(raw: string): Parsed<T>;
}

interface FieldOptions<T> {
  env: string;
  doc: string;
  default?: T;
  secret?: boolean;
}

function field<T>(kind: string, opts: FieldOptions<T>, parse: (raw: string) => Parsed<T>): Field<T> {
  return {
    env: opts.env,
    doc: opts.doc,
    default: opts.default,
    optional: false,
    secret: opts.secret ?? false,
    kind,
    parse,
  };
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (problem: string): Parsed<never> => ({ ok: false, problem });

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

export const c = {
  string(opts: FieldOptions<string>): Field<string> {
    return field('string', opts, (raw) => ok(raw));
  },

  optionalString(opts: Omit<FieldOptions<string>, 'default'>): Field<string | undefined> {
    return { ...field<string | undefined>('string', opts, (raw) => ok(raw)), optional: true };
  },

  int(opts: FieldOptions<number> & { min?: number; max?: number }): Field<number> {
    return field('int', opts, (raw) => {
      if (!/^-?\d+$/.test(raw.trim())) return bad(`expected an integer, got "${raw}"`);
      const n = Number(raw);
      if (!Number.isSafeInteger(n)) return bad(`integer out of range: "${raw}"`);
      if (opts.min !== undefined && n < opts.min) return bad(`must be >= ${opts.min}, got ${n}`);
      if (opts.max !== undefined && n > opts.max) return bad(`must be <= ${opts.max}, got ${n}`);
      return ok(n);
    });
  },

  bool(opts: FieldOptions<boolean>): Field<boolean> {
    return field('bool', opts, (raw) => {
      const v = raw.trim().toLowerCase();
      if (TRUE.has(v)) return ok(true);
      if (FALSE.has(v)) return ok(false);
      return bad(`expected true/false, got "${raw}"`);
    });
  },

  oneOf<const V extends readonly string[]>(values: V, opts: FieldOptions<V[number]>): Field<V[number]> {
    return field(`oneOf(${values.join('|')})`, opts, (raw) =>
      values.includes(raw) ? ok(raw as V[number]) : bad(`expected one of ${values.join(', ')}, got "${raw}"`),
    );
  },

  /** A JSON value; `validate` may reject a well-formed value with a message. */
  json<T>(opts: FieldOptions<T> & { validate?: (value: unknown) => string | undefined }): Field<T> {
    return field('json', opts, (raw) => {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (err) {
        return bad(`invalid JSON: ${(err as Error).message}`);
      }
      const problem = opts.validate?.(value);
      return problem ? bad(problem) : ok(value as T);
    });
  },
};
