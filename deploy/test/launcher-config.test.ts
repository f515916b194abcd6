import { describe, expect, it } from 'vitest';
import { readLauncherConfig } from '../src/launcher-config.js';

describe('launcher configuration', () => {
  it('when nothing is set, then the defaults of SPEC section 1 apply', () => {
    const config = readLauncherConfig([], {}, '/repo');
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/repo/.garrison',
      profile: 'all',
      demo: false,
      host: '127.0.0.1',
    });
  });

  it('when PORT, the data folder and a profile are given, then they are used', () => {
    const config = readLauncherConfig(
      ['--profile', 'tanks', '--demo'],
      { PORT: '8081', GARRISON_DATA_DIR: './.garrison-2' },
      '/repo',
    );
    expect(config).toMatchObject({ port: 8081, dataDir: '/repo/.garrison-2', profile: 'tanks', demo: true });
  });

  it('when several settings are wrong, then one error lists all of them', () => {
    expect(() =>
      readLauncherConfig(['--profile', 'chess'], { PORT: 'eighty', LOG_LEVEL: 'loud' }, '/repo'),
    ).toThrow(
      /--profile must be one of platform, tanks, ates, all; got "chess"[\s\S]*PORT must be a port number[\s\S]*LOG_LEVEL must be one of/,
    );
  });

  it('when an unknown flag is given, then it is reported', () => {
    expect(() => readLauncherConfig(['--profle', 'tanks'], {}, '/repo')).toThrow(/Unknown option '--profle'/);
  });
});
