// `npm run gen`: regenerates every derived artefact from its source of truth.
// Each generator is one entry; add OpenAPI/AsyncAPI doc generators to the list as they appear.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Generator {
  name: string;
  run(): void;
}

function exec(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed with status ${result.status}`);
}

const generators: Generator[] = [
  {
    name: 'protobuf → contracts/src/gen (buf + protoc-gen-es)',
    run: () => exec(`${root}node_modules/@bufbuild/buf-linux-x64/bin/buf`, ['generate'], `${root}contracts`),
  },
];

for (const g of generators) {
  console.log(`gen: ${g.name}`);
  g.run();
}
