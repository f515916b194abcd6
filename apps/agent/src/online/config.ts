import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What `login` stores: the server and the session's tokens. */
export interface AgentConfig {
  url?: string;
  login?: string;
  userId?: string;
  accessToken?: string;
  refreshToken?: string;
}

export const DEFAULT_URL = 'http://localhost:8080';

/** `$GARRISON_CONFIG_DIR`, else `$XDG_CONFIG_HOME/garrison`, else `~/.config/garrison`. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['GARRISON_CONFIG_DIR']) return env['GARRISON_CONFIG_DIR'];
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'garrison');
}

export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'config.json');
}

export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<AgentConfig> {
  try {
    return JSON.parse(await readFile(configFile(env), 'utf8')) as AgentConfig;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`cannot read ${configFile(env)}: ${(error as Error).message}`, { cause: error });
  }
}

/** Written readable by the owner only: it holds a refresh token. */
export async function saveConfig(config: AgentConfig, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  await mkdir(configDir(env), { recursive: true, mode: 0o700 });
  const file = configFile(env);
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** The server: `--url`, else `$GARRISON_URL`, else the one logged in to, else localhost:8080. */
export function serverUrl(config: AgentConfig, flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return (flag ?? env['GARRISON_URL'] ?? config.url ?? DEFAULT_URL).replace(/\/+$/, '');
}

/** The `sub` of a JWT (the user id), read without verifying: the server does that. */
export function subjectOf(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      sub?: unknown;
    };
    return typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}
