/**
 * Reads the event contracts (contracts/events/<producer>/<type>.v<N>.json) and finds who consumes
 * each one by reading the services' `onEvent({ producer, type })` declarations. The catalogue feeds
 * docs/events.md and docs/asyncapi.json, so the documents cannot drift from the code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface EventContract {
  producer: string;
  type: string;
  version: number;
  file: string;
  schema: Record<string, unknown>;
  consumers: string[];
}

const CONTRACT_FILE = /^(?<type>[a-z0-9.-]+)\.v(?<version>\d+)\.json$/;
const PRODUCER = /producer:\s*'(?<producer>[a-z-]+)'/g;
const STRING_LITERAL = /'(?<text>[a-z0-9.-]+)'/g;

function filesUnder(dir: string): string[] {
  let found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(filesUnder(path));
    else found.push(path);
  }
  return found;
}

/**
 * Consumer service names per `producer/type`. A service consumes an event when one of its files that
 * declares consumers (calls `onEvent`) names both the producer (`producer: 'users'`) and the event
 * type as a string literal — whether it writes `onEvent({...})` inline or through a small factory.
 */
function consumersByEvent(root: string, producedTypes: Map<string, string>): Map<string, Set<string>> {
  const byEvent = new Map<string, Set<string>>();
  const servicesDir = join(root, 'services');
  for (const service of readdirSync(servicesDir)) {
    const src = join(servicesDir, service, 'src');
    if (!statSync(src, { throwIfNoEntry: false })?.isDirectory()) continue;
    for (const file of filesUnder(src).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('onEvent')) continue;
      const producers = new Set([...text.matchAll(PRODUCER)].map((m) => m.groups!.producer!));
      for (const match of text.matchAll(STRING_LITERAL)) {
        const type = match.groups!.text!;
        const producer = producedTypes.get(type);
        if (!producer || !producers.has(producer)) continue;
        const key = `${producer}/${type}`;
        byEvent.set(key, (byEvent.get(key) ?? new Set()).add(service));
      }
    }
  }
  return byEvent;
}

export function readEventCatalog(root: string): EventContract[] {
  const eventsDir = join(root, 'contracts', 'events');
  const contracts: EventContract[] = [];
  for (const producer of readdirSync(eventsDir).sort()) {
    const dir = join(eventsDir, producer);
    if (!statSync(dir).isDirectory() || producer === 'kit-test') continue;
    for (const name of readdirSync(dir).sort()) {
      const match = CONTRACT_FILE.exec(name);
      if (!match) continue;
      const { type, version } = match.groups!;
      contracts.push({
        producer,
        type: type!,
        version: Number(version),
        file: relative(root, join(dir, name)),
        schema: JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>,
        consumers: [],
      });
    }
  }
  const producedTypes = new Map(contracts.map((c) => [c.type, c.producer]));
  const consumers = consumersByEvent(root, producedTypes);
  for (const contract of contracts) {
    contract.consumers = [...(consumers.get(`${contract.producer}/${contract.type}`) ?? [])].sort();
  }
  return contracts;
}
