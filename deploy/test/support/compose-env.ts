/** Compose-style `${VAR:-default}` / `${VAR}` interpolation, so tests start containers from compose's model. */
export function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g, (_m, name: string, fallback?: string) => {
    const v = vars[name];
    return v !== undefined && v !== '' ? v : (fallback ?? '');
  });
}

export function interpolateEnv(
  env: Record<string, string>,
  vars: Record<string, string | undefined>,
): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v, vars)]));
}
