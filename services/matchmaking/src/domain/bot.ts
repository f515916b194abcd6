/** "A bot" wherever a request names one (SPEC 3.2): a hosted bot version or the player's local Agent. */
export type BotChoice = { botVersionId: string } | { local: true };

export const isLocal = (bot: BotChoice): bot is { local: true } => 'local' in bot;
