import { STATUS_CODES } from 'node:http';

/** Extra members of a problem document (RFC 9457 allows extensions), e.g. `{ errors: [...] }`. */
export type ProblemExtra = Record<string, unknown> & { type?: string };

/** An error that becomes an `application/problem+json` answer (RFC 9457) when thrown from a route. */
export class Problem extends Error {
  override readonly name = 'Problem';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: ProblemExtra = {},
  ) {
    super(detail ?? title);
  }
}

/** `throw problem(409, 'Login already taken', 'The login "x" is already registered')` */
export function problem(status: number, title: string, detail?: string, extra?: ProblemExtra): Problem {
  return new Problem(status, title, detail, extra);
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export function problemDocument(
  status: number,
  title: string | undefined,
  detail: string | undefined,
  instance: string | undefined,
  extra: ProblemExtra = {},
): ProblemDocument {
  const { type, ...rest } = extra;
  return {
    type: type ?? 'about:blank',
    title: title ?? STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(instance === undefined ? {} : { instance }),
    ...rest,
  };
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
