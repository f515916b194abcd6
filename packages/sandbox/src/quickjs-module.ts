import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import releaseSyncModule from '@jitl/quickjs-wasmfile-release-sync';
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSSyncVariant,
  type QuickJSWASMModule,
} from 'quickjs-emscripten';

const WASM_PAGE = 64 * 1024;
/** The QuickJS build declares 16 MiB of initial memory; instantiation refuses less. */
const MIN_PAGES = 256;

// The package is CommonJS with an ESM default; under NodeNext its types see the whole module.
const RELEASE_SYNC = ((releaseSyncModule as unknown as { default?: QuickJSSyncVariant }).default ??
  releaseSyncModule) as QuickJSSyncVariant;

// @types/node declares WebAssembly's types but not the global value.
interface WasmGlobal {
  Module: new (bytes: Uint8Array) => WebAssembly.Module;
  Memory: new (descriptor: { initial: number; maximum: number }) => object;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmGlobal }).WebAssembly;

let compiled: WebAssembly.Module | undefined;

/** Compiled once per thread; every bot instantiates it with its own memory. */
function quickjsWasm(): WebAssembly.Module {
  if (compiled) return compiled;
  const require = createRequire(import.meta.url);
  compiled = new wasm.Module(readFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')));
  return compiled;
}

/**
 * A fresh QuickJS instance whose WebAssembly memory cannot grow past `memoryBytes`. QuickJS's own
 * memory limit is bookkeeping, not a byte bound (STACK.md); the Memory's `maximum` is.
 */
export async function newBoundedQuickJS(memoryBytes: number): Promise<QuickJSWASMModule> {
  const maximum = Math.max(MIN_PAGES, Math.ceil(memoryBytes / WASM_PAGE));
  const wasmMemory = new wasm.Memory({ initial: MIN_PAGES, maximum }) as never;
  // Emscripten prints aborts of a crashed instance to stderr; the sandbox reports them itself.
  const quiet = { print: ignore, printErr: ignore } as object;
  return newQuickJSWASMModuleFromVariant(
    newVariant(RELEASE_SYNC, { wasmModule: quickjsWasm(), wasmMemory, emscriptenModule: quiet }),
  );
}

function ignore(): void {}
