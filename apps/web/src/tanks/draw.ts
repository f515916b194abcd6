// Paints one DrawFrame on a 2D canvas: the dark arena, radar sweeps, tanks (body, tracks, turret,
// radar dish), bullets with trails, effects, and a small overlay per tank (name, energy, score).
// All world → screen maths lives in geometry.ts; this file only paints.
import { formatScore } from '../format/score';
import { tankColor } from './colors';
import { EFFECT_MS, type DrawFrame, type TankPose, type TimedEffect } from './frame';
import { canvasAngle, clampLabel, toScreen, type View } from './geometry';

const ARENA_FLOOR = '#11171a';
const GRID = 'rgb(255 255 255 / 4%)';
const GRID_STEP = 50;
const WALL = '#2c3a40';
const OBSTACLE = '#3a4a51';
const OBSTACLE_EDGE = '#56707a';

export interface DrawOptions {
  names: readonly string[];
  /** The seat to mark as "you" (a keyboard-driven tank), if any. */
  self?: number | null;
}

export function drawFrame(
  ctx: CanvasRenderingContext2D,
  view: View,
  canvasWidth: number,
  canvasHeight: number,
  frame: DrawFrame,
  effects: readonly TimedEffect[],
  now: number,
  options: DrawOptions,
): void {
  ctx.save();
  ctx.fillStyle = '#0a0e10';
  ctx.fillRect(0, 0, canvasWidth, canvasHeight);
  drawFloor(ctx, view);
  drawObstacles(ctx, view, frame.obstacles);
  for (const tank of frame.tanks) if (tank.alive) drawSweep(ctx, view, frame, tank);
  for (const tank of frame.tanks) if (!tank.alive) drawWreck(ctx, view, frame, tank);
  for (const bullet of frame.bullets)
    drawBullet(ctx, view, bullet.x, bullet.y, bullet.heading, bullet.power, bullet.speed, bullet.owner);
  for (const tank of frame.tanks) if (tank.alive) drawTank(ctx, view, frame, tank);
  for (const effect of effects) drawEffect(ctx, view, effect, now);
  for (const tank of frame.tanks) drawLabel(ctx, view, frame, tank, options);
  ctx.restore();
}

function drawFloor(ctx: CanvasRenderingContext2D, view: View): void {
  const [left, top] = toScreen(view, 0, view.arena.height);
  const width = view.arena.width * view.scale;
  const height = view.arena.height * view.scale;
  const glow = ctx.createRadialGradient(
    left + width / 2,
    top + height / 2,
    0,
    left + width / 2,
    top + height / 2,
    Math.max(width, height) * 0.7,
  );
  glow.addColorStop(0, '#172127');
  glow.addColorStop(1, ARENA_FLOOR);
  ctx.fillStyle = glow;
  ctx.fillRect(left, top, width, height);

  ctx.strokeStyle = GRID;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let x = GRID_STEP; x < view.arena.width; x += GRID_STEP) {
    const [sx] = toScreen(view, x, 0);
    ctx.moveTo(Math.round(sx) + 0.5, top);
    ctx.lineTo(Math.round(sx) + 0.5, top + height);
  }
  for (let y = GRID_STEP; y < view.arena.height; y += GRID_STEP) {
    const [, sy] = toScreen(view, 0, y);
    ctx.moveTo(left, Math.round(sy) + 0.5);
    ctx.lineTo(left + width, Math.round(sy) + 0.5);
  }
  ctx.stroke();

  ctx.strokeStyle = WALL;
  ctx.lineWidth = Math.max(2, 4 * view.scale);
  ctx.strokeRect(left, top, width, height);
}

/** Rules v2 obstacles: solid blocks (their top-left on screen is their world x and y + height). */
function drawObstacles(ctx: CanvasRenderingContext2D, view: View, obstacles: DrawFrame['obstacles']): void {
  ctx.save();
  ctx.fillStyle = OBSTACLE;
  ctx.strokeStyle = OBSTACLE_EDGE;
  ctx.lineWidth = Math.max(1, 2 * view.scale);
  for (const o of obstacles) {
    const [left, top] = toScreen(view, o.x, o.y + o.height);
    ctx.fillRect(left, top, o.width * view.scale, o.height * view.scale);
    ctx.strokeRect(left, top, o.width * view.scale, o.height * view.scale);
  }
  ctx.restore();
}

function drawSweep(ctx: CanvasRenderingContext2D, view: View, frame: DrawFrame, tank: TankPose): void {
  const [sx, sy] = toScreen(view, tank.x, tank.y);
  const reach = frame.radarRange * view.scale;
  const gradient = ctx.createRadialGradient(sx, sy, 0, sx, sy, reach);
  const color = tankColor(tank.index);
  gradient.addColorStop(0, withAlpha(color, 0.22));
  gradient.addColorStop(0.35, withAlpha(color, 0.06));
  gradient.addColorStop(1, withAlpha(color, 0));
  ctx.save();
  clipToArena(ctx, view);
  ctx.fillStyle = gradient;
  ctx.beginPath();
  ctx.moveTo(sx, sy);
  // Counter-clockwise in the world is clockwise on screen once y is flipped.
  ctx.arc(
    sx,
    sy,
    reach,
    canvasAngle(tank.sweep.start),
    canvasAngle(tank.sweep.start + tank.sweep.span),
    true,
  );
  ctx.closePath();
  ctx.fill();
  ctx.restore();
}

function clipToArena(ctx: CanvasRenderingContext2D, view: View): void {
  const [left, top] = toScreen(view, 0, view.arena.height);
  ctx.beginPath();
  ctx.rect(left, top, view.arena.width * view.scale, view.arena.height * view.scale);
  ctx.clip();
}

function drawTank(ctx: CanvasRenderingContext2D, view: View, frame: DrawFrame, tank: TankPose): void {
  const [sx, sy] = toScreen(view, tank.x, tank.y);
  const r = frame.tankRadius * view.scale;
  const color = tankColor(tank.index);
  ctx.save();
  ctx.translate(sx, sy);

  // Soft shadow under the hull.
  ctx.fillStyle = 'rgb(0 0 0 / 35%)';
  ctx.beginPath();
  ctx.arc(r * 0.12, r * 0.18, r * 1.05, 0, Math.PI * 2);
  ctx.fill();

  // Hull and tracks, along the body heading.
  ctx.save();
  ctx.rotate(canvasAngle(tank.heading));
  ctx.fillStyle = '#1b2226';
  roundRect(ctx, -r, -r * 0.95, r * 2, r * 0.45, r * 0.15);
  roundRect(ctx, -r, r * 0.5, r * 2, r * 0.45, r * 0.15);
  ctx.fillStyle = tank.disabled ? '#5d6b65' : color;
  roundRect(ctx, -r * 0.85, -r * 0.6, r * 1.7, r * 1.2, r * 0.3);
  ctx.fillStyle = 'rgb(0 0 0 / 22%)';
  roundRect(ctx, r * 0.45, -r * 0.6, r * 0.4, r * 1.2, r * 0.2);
  ctx.restore();

  // Turret and barrel.
  ctx.save();
  ctx.rotate(canvasAngle(tank.turret));
  ctx.fillStyle = '#e8eef0';
  roundRect(ctx, 0, -r * 0.12, r * 1.45, r * 0.24, r * 0.08);
  ctx.fillStyle = shade(color);
  ctx.beginPath();
  ctx.arc(0, 0, r * 0.45, 0, Math.PI * 2);
  ctx.fill();
  ctx.restore();

  // Radar dish.
  ctx.save();
  ctx.rotate(canvasAngle(tank.radar));
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = Math.max(1.2, r * 0.12);
  ctx.beginPath();
  ctx.arc(-r * 0.05, 0, r * 0.26, -Math.PI / 2.6, Math.PI / 2.6);
  ctx.stroke();
  ctx.restore();

  ctx.restore();
}

function drawWreck(ctx: CanvasRenderingContext2D, view: View, frame: DrawFrame, tank: TankPose): void {
  const [sx, sy] = toScreen(view, tank.x, tank.y);
  const r = frame.tankRadius * view.scale;
  ctx.save();
  ctx.translate(sx, sy);
  ctx.rotate(canvasAngle(tank.heading));
  ctx.globalAlpha = 0.55;
  ctx.fillStyle = '#2a3236';
  roundRect(ctx, -r * 0.85, -r * 0.6, r * 1.7, r * 1.2, r * 0.3);
  ctx.strokeStyle = '#3b464b';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(-r * 0.5, -r * 0.4);
  ctx.lineTo(r * 0.5, r * 0.4);
  ctx.moveTo(-r * 0.5, r * 0.4);
  ctx.lineTo(r * 0.5, -r * 0.4);
  ctx.stroke();
  ctx.restore();
}

function drawBullet(
  ctx: CanvasRenderingContext2D,
  view: View,
  x: number,
  y: number,
  heading: number,
  power: number,
  speed: number,
  owner: number,
): void {
  const [sx, sy] = toScreen(view, x, y);
  const size = Math.max(1.5, (1.5 + power) * view.scale);
  const color = tankColor(owner);
  const trail = speed * 0.8 * view.scale;
  const angle = canvasAngle(heading);
  const tx = sx - Math.cos(angle) * trail;
  const ty = sy - Math.sin(angle) * trail;
  const gradient = ctx.createLinearGradient(tx, ty, sx, sy);
  gradient.addColorStop(0, withAlpha(color, 0));
  gradient.addColorStop(1, withAlpha(color, 0.7));
  ctx.strokeStyle = gradient;
  ctx.lineWidth = size;
  ctx.lineCap = 'round';
  ctx.beginPath();
  ctx.moveTo(tx, ty);
  ctx.lineTo(sx, sy);
  ctx.stroke();
  ctx.fillStyle = '#fff8e1';
  ctx.shadowColor = color;
  ctx.shadowBlur = 8;
  ctx.beginPath();
  ctx.arc(sx, sy, size * 0.8, 0, Math.PI * 2);
  ctx.fill();
  ctx.shadowBlur = 0;
}

function drawEffect(ctx: CanvasRenderingContext2D, view: View, effect: TimedEffect, now: number): void {
  const age = Math.min(1, Math.max(0, (now - effect.bornAt) / EFFECT_MS[effect.kind]));
  const [sx, sy] = toScreen(view, effect.x, effect.y);
  const s = view.scale;
  ctx.save();
  switch (effect.kind) {
    case 'explosion': {
      const radius = (20 + 60 * easeOut(age)) * s;
      const fire = ctx.createRadialGradient(sx, sy, 0, sx, sy, radius);
      fire.addColorStop(0, `rgb(255 244 200 / ${(1 - age) * 100}%)`);
      fire.addColorStop(0.35, `rgb(255 160 60 / ${(1 - age) * 85}%)`);
      fire.addColorStop(0.7, `rgb(200 60 30 / ${(1 - age) * 45}%)`);
      fire.addColorStop(1, 'rgb(80 20 10 / 0%)');
      ctx.fillStyle = fire;
      ctx.beginPath();
      ctx.arc(sx, sy, radius, 0, Math.PI * 2);
      ctx.fill();
      ctx.strokeStyle = `rgb(255 210 150 / ${(1 - age) * 70}%)`;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(sx, sy, radius * 1.15, 0, Math.PI * 2);
      ctx.stroke();
      break;
    }
    case 'hit': {
      const radius = (6 + 14 * age) * s;
      ctx.strokeStyle = `rgb(255 230 160 / ${(1 - age) * 100}%)`;
      ctx.lineWidth = 2;
      for (let k = 0; k < 6; k++) {
        const a = (k * Math.PI) / 3 + age;
        ctx.beginPath();
        ctx.moveTo(sx + Math.cos(a) * radius * 0.4, sy + Math.sin(a) * radius * 0.4);
        ctx.lineTo(sx + Math.cos(a) * radius, sy + Math.sin(a) * radius);
        ctx.stroke();
      }
      break;
    }
    case 'miss': {
      ctx.fillStyle = `rgb(180 200 210 / ${(1 - age) * 45}%)`;
      ctx.beginPath();
      ctx.arc(sx, sy, (3 + 8 * age) * s, 0, Math.PI * 2);
      ctx.fill();
      break;
    }
    case 'shot': {
      ctx.translate(sx, sy);
      ctx.rotate(canvasAngle(effect.heading ?? 0));
      ctx.fillStyle = `rgb(255 220 130 / ${(1 - age) * 90}%)`;
      ctx.beginPath();
      ctx.moveTo(0, -4 * s);
      ctx.lineTo(14 * s, 0);
      ctx.lineTo(0, 4 * s);
      ctx.closePath();
      ctx.fill();
      break;
    }
  }
  ctx.restore();
}

function drawLabel(
  ctx: CanvasRenderingContext2D,
  view: View,
  frame: DrawFrame,
  tank: TankPose,
  options: DrawOptions,
): void {
  const [sx, sy] = toScreen(view, tank.x, tank.y);
  const r = frame.tankRadius * view.scale;
  const width = 46;
  ctx.save();
  ctx.globalAlpha = tank.alive ? 1 : 0.45;
  ctx.font = '600 11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  const name = options.names[tank.index] ?? `Tank ${tank.index + 1}`;
  const you = options.self === tank.index ? ' (you)' : '';
  const text = `${name}${you} · ${formatScore(frame.scores[tank.index] ?? 0)}`;
  // A tank by the wall keeps its whole label on the canvas.
  const half = Math.max(ctx.measureText(text).width, width) / 2 + 2;
  const cssWidth = ctx.canvas.width / (ctx.getTransform().a || 1);
  const { x: tx, bottom: top } = clampLabel(sx, sy - r - 24, half, 14, cssWidth);
  ctx.fillStyle = 'rgb(0 0 0 / 60%)';
  ctx.fillText(text, tx + 1, top + 1);
  ctx.fillStyle = '#e9f1ec';
  ctx.fillText(text, tx, top);
  if (tank.alive) {
    const share = Math.max(0, Math.min(1, tank.energy / 100));
    ctx.fillStyle = 'rgb(0 0 0 / 55%)';
    roundRect(ctx, tx - width / 2 - 1, top + 3, width + 2, 6, 3);
    ctx.fillStyle = share > 0.5 ? '#4cc38a' : share > 0.25 ? '#f5a524' : '#e5484d';
    roundRect(ctx, tx - width / 2, top + 4, width * share, 4, 2);
  }
  ctx.restore();
}

function roundRect(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
): void {
  if (w <= 0 || h <= 0) return;
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, Math.min(r, w / 2, h / 2));
  ctx.fill();
}

function easeOut(t: number): number {
  return 1 - (1 - t) * (1 - t);
}

/** `#4cc38a` + 0.3 → `rgb(76 195 138 / 30%)`. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255} ${(n >> 8) & 255} ${n & 255} / ${Math.round(alpha * 100)}%)`;
}

function shade(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const dim = (v: number) => Math.round(v * 0.72);
  return `rgb(${dim((n >> 16) & 255)} ${dim((n >> 8) & 255)} ${dim(n & 255)})`;
}
