// Child process of the live bench: does nothing but a 10 ms timer for `ms`, then prints how late
// its timers fired (p50/p99/max). Run next to the measured server, it shows the scheduling delay
// the machine itself adds (other processes competing for the cores), which no server code can avoid.
const ms = Number(process.argv[2] ?? 10_000);
const lateness: number[] = [];
const started = performance.now();
let next = started + 10;
function tick(): void {
  const now = performance.now();
  lateness.push(now - next);
  next += 10;
  if (now - started < ms) setTimeout(tick, Math.max(0, next - performance.now()));
  else {
    lateness.sort((a, b) => a - b);
    const at = (q: number): number =>
      Math.round(lateness[Math.floor(q * (lateness.length - 1))]! * 100) / 100;
    process.stdout.write(`${JSON.stringify({ p50: at(0.5), p99: at(0.99), max: at(1) })}\n`);
  }
}
setTimeout(tick, 10);
