import { loadSandboxedBot } from './src/index.js';
import { sampleTick } from './test/fixtures.js';
const cases = {
  regex: `export default { onTick() { return { debug: String(/^(a+)+$/.test('a'.repeat(40) + 'b')) }; } };`,
  nest: `export default { onTick() { return { debug: String(JSON.parse('['.repeat(1000000))) }; } };`,
  nestBuild: `export default { onTick() { let o = {}; for (let i = 0; i < 1e6; i++) o = { o }; return { debug: JSON.stringify(o).length }; } };`,
  sort: `const a = Array.from({length: 300000}, (_, i) => (i * 7919) % 300007); export default { onTick() { a.sort((x, y) => x - y); a.reverse(); return {}; } };`,
  proxy: `export default new Proxy({}, { get() { for (;;) {} } });`,
  bigstr: `export default { onTick() { const s = 'x'.repeat(2 ** 29); return { debug: s.length }; } };`,
  typed: `export default { onTick() { const b = new ArrayBuffer(2 ** 30); return { debug: b.byteLength }; } };`,
};
for (const [name, source] of Object.entries(cases)) {
  const t0 = performance.now();
  try {
    const bot = await loadSandboxedBot({ source, language: 'js', limits: { roundBankMs: 300 } });
    const a = bot.onTick(sampleTick(1));
    const b = bot.onTick(sampleTick(2));
    console.log(name, Math.round(performance.now() - t0), 'ms', JSON.stringify(a).slice(0, 150), JSON.stringify(b).slice(0, 100));
    bot.dispose();
  } catch (e) { console.log(name, Math.round(performance.now() - t0), 'ms', 'load failed', String(e).slice(0, 200)); }
}
console.log('rss', process.memoryUsage().rss / 1e6);
