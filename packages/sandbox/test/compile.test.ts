import { describe, expect, it } from 'vitest';
import { BOT_GLOBAL, compileBot } from '../src/compile.js';

describe('compileBot', () => {
  it('when the source is TypeScript, then types are stripped and the namespace lands in the bot global', () => {
    const result = compileBot(
      'import type { Bot } from "@garrison/bot-api";\nconst bot: Bot = { onTick() { return {}; } };\nexport default bot;',
      'ts',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.code).toContain(`var ${BOT_GLOBAL}`);
    expect(result.code).not.toContain(': Bot');
    expect(result.code).not.toContain('require');
  });

  it('when the source imports a module, then the import becomes a require the sandbox does not have', () => {
    const result = compileBot('import fs from "node:fs"; export default { onTick() { return fs; } };', 'js');
    expect(result.ok && result.code).toContain('require("node:fs")');
  });

  it('when the source has a syntax error, then the error names the file, line and column', () => {
    expect(compileBot('export default {\n  onTick() {', 'js', 'mine')).toEqual({
      ok: false,
      error: expect.stringMatching(/^mine\.js:2:\d+: /),
    });
  });

  it('when the source is over the size limit or the language is unknown, then it is refused', () => {
    expect(compileBot('x'.repeat(100), 'js', 'big', 50)).toEqual({
      ok: false,
      error: 'source is 100 bytes, the limit is 50',
    });
    expect(compileBot('', 'py' as never).ok).toBe(false);
  });

  it('when the same source is compiled twice, then the second answer comes from the cache', () => {
    const source = `export default { onTick() { return { speed: ${Math.random()} }; } };`;
    const first = compileBot(source, 'js');
    // The very same object: esbuild was not asked again.
    expect(compileBot(source, 'js')).toBe(first);
  });
});
