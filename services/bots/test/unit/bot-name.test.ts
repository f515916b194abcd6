import { describe, expect, it } from 'vitest';
import { botNameProblem } from '../../src/domain/bot-name.js';

describe('bot names', () => {
  it.each(['Rammer', 'a', 'my bot 2', 'x_y.z-1', 'A'.repeat(40)])('accepts %j', (name) => {
    expect(botNameProblem(name)).toBeNull();
  });
  it.each(['', ' lead', 'trail ', 'A'.repeat(41), 'semi;colon', 'émile', '-dash'])('refuses %j', (name) => {
    expect(botNameProblem(name)).not.toBeNull();
  });
});
