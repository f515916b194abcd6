// Measures how many budget steps (QuickJS interrupt-handler calls) one millisecond of CPU buys on
// this machine, for workloads shaped like bots: `npx tsx packages/sandbox/scripts/calibrate-budget.ts`.
// DEFAULT_LIMITS.tickSteps was chosen from its output (ADR 210).
import { newBoundedQuickJS } from '../src/quickjs-module.js';

const WORKLOADS: Record<string, string> = {
  'arithmetic loop': 'let s = 0; for (let i = 0; i < 2e6; i++) s += i * 0.5; return s;',
  'function calls':
    'function f(x) { return x + 1; } let s = 0; for (let i = 0; i < 1e6; i++) s = f(s); return s;',
  'Math in a loop': 'let s = 0; for (let i = 0; i < 1e6; i++) s += Math.sqrt(i) * Math.abs(i - 3); return s;',
  'objects and arrays':
    'const a = []; for (let i = 0; i < 2e5; i++) a.push({ x: i, y: i * 2 }); let s = 0; for (const p of a) s += p.x - p.y; return s;',
  'lead prediction (sniper-like)': `
    function cosSin(d) { d = d % 360; if (d < 0) d += 360; const q = Math.round(d / 90); const x = ((d - 90 * q) * Math.PI) / 180;
      const x2 = x * x; const s = x * (1 - (x2 / 6) * (1 - (x2 / 20) * (1 - x2 / 42))); const c = 1 - (x2 / 2) * (1 - (x2 / 12) * (1 - x2 / 30));
      return q % 4 === 0 ? [c, s] : q % 4 === 1 ? [-s, c] : q % 4 === 2 ? [-c, -s] : [s, -c]; }
    let hits = 0;
    for (let shot = 0; shot < 4000; shot++) { let px = 400, py = 300, dir = shot;
      for (let k = 1; k < 60; k++) { dir += 3; const [dx, dy] = cosSin(dir); px += dx * 8; py += dy * 8;
        if (Math.sqrt((px - 100) * (px - 100) + (py - 100) * (py - 100)) <= 28 * k) { hits++; break; } } }
    return hits;`,
};

const quickjs = await newBoundedQuickJS(32 * 1024 * 1024);
const runtime = quickjs.newRuntime();
let steps = 0;
runtime.setInterruptHandler(() => {
  steps++;
  return false;
});
const context = runtime.newContext();
const rates: number[] = [];
for (const [name, body] of Object.entries(WORKLOADS)) {
  let bestRate = 0;
  for (let repeat = 0; repeat < 5; repeat++) {
    steps = 0;
    const cpu = process.cpuUsage();
    const result = context.evalCode(`(function () { ${body} })()`);
    const used = process.cpuUsage(cpu);
    const ms = (used.user + used.system) / 1000;
    if (result.error) throw new Error(`${name}: ${JSON.stringify(context.dump(result.error))}`);
    result.value.dispose();
    // The least CPU per step is the least disturbed run (other processes only add to it).
    bestRate = Math.max(bestRate, steps / ms);
  }
  rates.push(bestRate);
  console.log(`${name.padEnd(32)} ${bestRate.toFixed(2)} steps per CPU-ms`);
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)]!;
console.log(`median ${median.toFixed(2)} steps/ms → 20 ms ≈ ${Math.round(20 * median)} steps`);
context.dispose();
runtime.dispose();
