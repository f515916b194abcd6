// Every schema in contracts/events must load, compile, and accept its own examples — the examples are
// the documentation consumers read, so a wrong one is a broken contract.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventRegistry, eventRegistry } from '../../src/messaging/schemas.js';
import { uuidv7 } from '../../src/messaging/envelope.js';

const registry = eventRegistry();

describe('contracts/events', () => {
  it('when the registry loads, then it finds the kit test schemas side by side in two versions', () => {
    expect(registry.versionsOf('widget.created')).toEqual([1, 2]);
    expect(registry.find('widget.paint', 1)?.producer).toBe('kit-test');
  });

  it.each(registry.entries().map((e) => [`${e.producer}/${e.type}.v${e.version}`, e] as const))(
    'when %s validates its examples, then every example is valid',
    (_name, entry) => {
      for (const example of entry.examples) {
        expect(registry.validate(entry.type, entry.version, example)).toEqual({ valid: true });
      }
    },
  );
});

describe('EventRegistry', () => {
  it('when data breaks the schema, then the reason names the path and the rule', () => {
    const result = registry.validate('widget.created', 1, { widgetId: 'w', seq: -1, name: 'n', extra: true });
    expect(result).toMatchObject({ valid: false, known: true });
    expect(result.valid === false && result.reason).toMatch(/\/seq must be >= 0/);
    expect(result.valid === false && result.reason).toMatch(/must NOT have additional properties/);
  });

  it('when the type or version is unknown, then the reason says so and lists the known versions', () => {
    expect(registry.validate('widget.created', 9, {})).toEqual({
      valid: false,
      known: false,
      reason: 'unknown event widget.created v9 (known versions: 1, 2)',
    });
    expect(registry.validate('nothing.happened', 1, {})).toMatchObject({ valid: false, known: false });
  });

  it('when an envelope misses fields or has a bad id, then validateEnvelope rejects it', () => {
    const good = {
      id: uuidv7(),
      type: 'widget.created',
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: 'kit-test',
      correlationId: 'c',
      causationId: null,
      data: {},
    };
    expect(registry.validateEnvelope(good)).toEqual({ valid: true });
    expect(registry.validateEnvelope({ ...good, id: 'nope' })).toMatchObject({ valid: false });
    const { occurredAt: _omitted, ...withoutTime } = good;
    expect(registry.validateEnvelope(withoutTime)).toMatchObject({ valid: false });
  });

  it('when a schema file has no examples or a bad name, then loading fails and names the file', () => {
    const noExamples = folderWith('acme', 'thing.happened.v1.json', { type: 'object' });
    expect(() => EventRegistry.load(noExamples)).toThrow(
      /thing\.happened\.v1\.json: needs a non-empty "examples" array/,
    );
    const badName = folderWith('acme', 'ThingHappened.json', { type: 'object', examples: [{}] });
    expect(() => EventRegistry.load(badName)).toThrow(/file name must be <type>\.v<N>\.json/);
  });
});

function folderWith(producer: string, fileName: string, schema: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'garrison-events-'));
  mkdirSync(join(dir, producer));
  writeFileSync(join(dir, producer, fileName), JSON.stringify(schema));
  return dir;
}
