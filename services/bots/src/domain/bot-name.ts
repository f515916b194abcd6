/** A bot's name: what players see in lists, replays and brackets. */
export const BOT_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,39}$/;

export function botNameProblem(name: string): string | null {
  if (BOT_NAME.test(name) && !name.endsWith(' ')) return null;
  return 'must be 1–40 characters: letters, digits, space, "_", "." or "-", starting with a letter or digit and not ending with a space';
}
