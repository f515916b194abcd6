// The bot API's own source (types with their doc comments) is the reference shown next to the editor:
// it cannot drift from what the engine and the sandbox accept.
import reference from '../../../../packages/bot-api/src/index.ts?raw';

export const BOT_API_REFERENCE: string = reference;
