import { identityHeaders, onTheBusOf, startTestService, type TestService } from '@garrison/kit/testing';
import type { Env, ServiceDefinition } from '@garrison/kit';
import { usersService } from '@garrison/users/service';
import { authService } from '../../src/service.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test answers are inspected field by field
export type Json = any;

export interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

export async function request(
  baseUrl: string,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }), ...opts.headers },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export type Started<S> = S extends ServiceDefinition<infer DB, infer C> ? TestService<DB, C> : never;

export interface AuthSystem {
  users: Started<typeof usersService>;
  auth: Started<typeof authService>;
  /** Calls auth's HTTP API. */
  auth$: (method: string, path: string, body?: unknown) => Promise<Answer>;
  /** Calls users' HTTP API as an admin (the gateway's identity headers). */
  usersAsAdmin$: (method: string, path: string, body?: unknown) => Promise<Answer>;
  stop(): Promise<void>;
}

/**
 * users and auth, each in-process on its own database, sharing one bus (so auth's projection
 * consumes users' events), with auth finding users' gRPC through the static discovery table.
 */
export async function startAuthSystem(authEnv: Env = {}): Promise<AuthSystem> {
  const users = await startTestService(usersService);
  let auth: Started<typeof authService>;
  try {
    auth = await startTestService(authService, {
      env: {
        GARRISON_SERVICES: JSON.stringify({ users: { http: users.url, grpc: users.grpcUrl } }),
        ...onTheBusOf(users),
        ...authEnv,
      },
    });
  } catch (err) {
    await users.stop();
    throw err;
  }
  const admin = identityHeaders('00000000-0000-4000-8000-00000000ad01', ['admin']);
  return {
    users,
    auth,
    auth$: (method, path, body) => request(auth.url, method, path, { body }),
    usersAsAdmin$: (method, path, body) => request(users.url, method, path, { body, headers: admin }),
    async stop() {
      await auth.stop();
      await users.stop();
    },
  };
}
