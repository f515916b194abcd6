// The engine owns the controller contract; the sandbox implements it.
export type { Answer, Controller as BotController } from '@garrison/game';
