import { describe, expect, it } from 'vitest';
import { formSummary, problemToError } from '../src/api/problem';

describe('problemToError', () => {
  it('when the problem has a detail, then the detail is the message', () => {
    const error = problemToError(409, {
      type: 'about:blank',
      title: 'Login already taken',
      status: 409,
      detail: 'The login "alice" is already registered',
    });
    expect(error.status).toBe(409);
    expect(error.message).toBe('The login "alice" is already registered');
  });

  it('when validation errors name inputs by JSON pointer, then each input gets its own message', () => {
    const error = problemToError(400, {
      title: 'Bad Request',
      status: 400,
      errors: [
        { path: '/password', message: 'must NOT have fewer than 8 characters' },
        { path: '/body/login', message: 'must match pattern' },
      ],
    });
    expect(error.messageFor('password')).toBe('must NOT have fewer than 8 characters');
    expect(error.messageFor('login')).toBe('must match pattern');
    expect(error.message).toBe('password: must NOT have fewer than 8 characters; login: must match pattern');
  });

  it('when there are both a detail and field errors, then the detail leads and the fields keep theirs', () => {
    const error = problemToError(400, {
      detail: 'body/displayName must not be empty',
      errors: [{ path: 'displayName', message: 'must not be empty' }],
    });
    expect(error.message).toBe('body/displayName must not be empty');
    expect(error.messageFor('displayName')).toBe('must not be empty');
  });

  it('when the gateway rate-limits, then the message says how long to wait', () => {
    expect(problemToError(429, { title: 'Too Many Requests' }, '3').message).toBe(
      'Too many requests. Please wait 3 seconds and try again.',
    );
    expect(problemToError(429, null, null).message).toBe(
      'Too many requests. Please wait a moment and try again.',
    );
  });

  it('when the body is not a problem (a proxy page), then a plain sentence for the status is used', () => {
    expect(problemToError(502, '<html>Bad gateway</html>').message).toMatch(/Garrison had a problem/);
    expect(problemToError(403, undefined).message).toBe('You are not allowed to do that.');
  });

  it('when errors entries are malformed, then they are ignored instead of shown as garbage', () => {
    const error = problemToError(400, { title: 'Bad Request', errors: [null, 7, { path: '/x' }] });
    expect(error.fieldErrors).toEqual([]);
    expect(error.message).toBe('Bad Request');
  });
});

describe('field messages', () => {
  const invalidLogin = problemToError(400, {
    title: 'Invalid input',
    detail: 'login: must be 3–32 characters of a-z, 0-9, "_", "." or "-"',
    errors: [{ path: 'body/login', message: 'login: must be 3–32 characters of a-z, 0-9, "_", "." or "-"' }],
  });

  it('when a field message repeats the field name, then the name is dropped (the input is labelled already)', () => {
    expect(invalidLogin.messageFor('login')).toBe('must be 3–32 characters of a-z, 0-9, "_", "." or "-"');
  });

  it('when every problem belongs to an input of the form, then the summary points at those inputs', () => {
    expect(formSummary(invalidLogin, { login: 'Login', password: 'Password' })).toBe(
      'Please check Login: see the message below.',
    );
  });

  it('when a problem names something the form does not show, then the summary is the full message', () => {
    expect(formSummary(invalidLogin, { password: 'Password' })).toBe(invalidLogin.message);
    const conflict = problemToError(409, { detail: 'The login "ada" is already registered' });
    expect(formSummary(conflict, { login: 'Login' })).toBe('The login "ada" is already registered');
  });
});
