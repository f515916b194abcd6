import { defineConfig, type Field } from '@garrison/kit';
import { parseRoles, type Role } from './domain/roles.js';

/** A comma-separated role list; unknown roles fail the start with the rest of the config problems. */
function roleList(opts: { env: string; default: Role[]; doc: string }): Field<Role[]> {
  return {
    env: opts.env,
    doc: opts.doc,
    default: opts.default,
    optional: false,
    secret: false,
    kind: 'roles',
    parse(raw) {
      const parsed = parseRoles(
        raw
          .split(',')
          .map((r) => r.trim())
          .filter((r) => r.length > 0),
      );
      return parsed.ok
        ? { ok: true, value: parsed.roles }
        : { ok: false, problem: `unknown role(s) ${parsed.unknown.join(', ')}` };
    },
  };
}

export const config = defineConfig({
  defaultRoles: roleList({
    env: 'USERS_DEFAULT_ROLES',
    default: ['worker', 'player'],
    doc: 'roles of a new account when none are asked for (comma separated, e.g. "player,worker")',
  }),
});
