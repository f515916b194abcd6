import { BUILTIN_BOTS, type BuiltinBotName } from '@garrison/game';

/** The reference bots (packages/game), weakest first; battles load them itself, by name. */
const ABOUT: Record<BuiltinBotName, string> = {
  'sitting-duck': 'never moves, never fires: a target to test aiming on',
  spinner: 'drives in circles with its radar spinning and fires at whatever the radar crosses',
  tracker:
    'locks its radar on the nearest enemy, charges at it and fires straight at it; under rules v2 it holds fire behind obstacles and drives round them',
  sniper:
    'keeps its distance strafing sideways and leads its shots at where the enemy will be; under rules v2 it holds fire behind obstacles',
  duelist: 'circles its enemy, dodges when the enemy energy drops by a shot, leads with circular prediction',
};

export interface BuiltinBot {
  name: BuiltinBotName;
  description: string;
}

export const BUILTINS: readonly BuiltinBot[] = BUILTIN_BOTS.map((name) => ({
  name,
  description: ABOUT[name],
}));
