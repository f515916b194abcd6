// Turns an error answer of the API (RFC 9457 problem+json, or anything else a proxy may send)
// into one sentence a person can act on, plus per-field messages for forms.

export interface FieldError {
  /** The input's name, e.g. `login` (the API's JSON pointer reduced to its last segment). */
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message for one input, when the API named that input. */
  messageFor(field: string): string | undefined {
    return this.fieldErrors.find((e) => e.field === field)?.message;
  }
}

export const NETWORK_ERROR_MESSAGE = 'Cannot reach Garrison. Check your connection and try again.';

interface ProblemBody {
  title?: unknown;
  detail?: unknown;
  errors?: unknown;
}

/** Builds the error for a non-2xx answer from its status, parsed body (if any) and Retry-After header. */
export function problemToError(status: number, body: unknown, retryAfter: string | null = null): ApiError {
  const problem: ProblemBody = typeof body === 'object' && body !== null ? (body as ProblemBody) : {};
  const fieldErrors = readFieldErrors(problem.errors);
  return new ApiError(status, pickMessage(status, problem, fieldErrors, retryAfter), fieldErrors);
}

function pickMessage(
  status: number,
  problem: ProblemBody,
  fieldErrors: FieldError[],
  retryAfter: string | null,
): string {
  if (status === 429) return tooManyRequests(retryAfter);
  const detail = nonEmpty(problem.detail);
  if (detail) return detail;
  if (fieldErrors.length > 0) return fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return nonEmpty(problem.title) ?? fallbackFor(status);
}

function tooManyRequests(retryAfter: string | null): string {
  const seconds = retryAfter === null ? NaN : Number.parseInt(retryAfter, 10);
  const wait =
    Number.isFinite(seconds) && seconds > 0 ? `${seconds} second${seconds === 1 ? '' : 's'}` : 'a moment';
  return `Too many requests. Please wait ${wait} and try again.`;
}

function fallbackFor(status: number): string {
  if (status === 401) return 'Please log in to continue.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'That was not found.';
  if (status >= 500) return 'Garrison had a problem handling that. Please try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

function readFieldErrors(errors: unknown): FieldError[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { path, message } = entry as { path?: unknown; message?: unknown };
    const text = nonEmpty(message);
    if (!text) return [];
    const field = fieldName(typeof path === 'string' ? path : '');
    // Shown under the input itself, so a leading "login: " would only repeat the label.
    const own = text.startsWith(`${field}: `) ? text.slice(field.length + 2) : text;
    return [{ field, message: own }];
  });
}

/** `/body/login`, `body.login`, `/login` and `login` all name the input `login`. */
function fieldName(path: string): string {
  const segments = path.split(/[/.]/).filter((s) => s.length > 0 && s !== 'body');
  return segments.at(-1) ?? 'request';
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;
}

/**
 * The sentence above a form: when every problem belongs to an input the form shows (and is printed
 * under it), point at those inputs instead of repeating their messages; otherwise the full message.
 */
export function formSummary(error: ApiError, labels: Record<string, string>): string {
  const fields = error.fieldErrors.map((e) => labels[e.field]);
  if (fields.length === 0 || fields.some((label) => label === undefined)) return error.message;
  return `Please check ${[...new Set(fields)].join(' and ')}: see the message below.`;
}
