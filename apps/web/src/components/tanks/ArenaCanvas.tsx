import { useEffect, useRef } from 'react';
import { drawFrame, type DrawOptions } from '../../tanks/draw';
import type { DrawFrame, TimedEffect } from '../../tanks/frame';
import { fitArena } from '../../tanks/geometry';

export interface Scene {
  frame: DrawFrame;
  effects: readonly TimedEffect[];
}

interface ArenaCanvasProps {
  /** Called once per animation frame with the time; what it returns is painted. */
  scene: (now: number) => Scene | null;
  options: DrawOptions;
  label: string;
}

const MARGIN = 8;

/** The arena, redrawn every animation frame at the device's pixel density; it keeps its aspect ratio. */
export function ArenaCanvas({ scene, options, label }: ArenaCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const sceneRef = useRef(scene);
  sceneRef.current = scene;
  const optionsRef = useRef(options);
  optionsRef.current = options;

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    let handle = 0;
    const render = (now: number) => {
      handle = requestAnimationFrame(render);
      const current = sceneRef.current(now);
      const ratio = window.devicePixelRatio || 1;
      const width = canvas.clientWidth;
      const height = canvas.clientHeight;
      if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
        canvas.width = Math.round(width * ratio);
        canvas.height = Math.round(height * ratio);
      }
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      if (!current) {
        ctx.fillStyle = '#0a0e10';
        ctx.fillRect(0, 0, width, height);
        return;
      }
      const view = fitArena(current.frame.arena, width, height, MARGIN);
      drawFrame(ctx, view, width, height, current.frame, current.effects, now, optionsRef.current);
    };
    handle = requestAnimationFrame(render);
    return () => cancelAnimationFrame(handle);
  }, []);

  return <canvas ref={canvasRef} className="arena-canvas" role="img" aria-label={label} />;
}
