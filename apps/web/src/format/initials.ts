/** "Ada Lovelace" → "AL", "Alice (demo)" → "AL": words in brackets and signs are no one's initials. */
export function initials(name: string): string {
  const words = name
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const first = words[0] ?? '';
  const letters =
    words.length > 1 ? `${first[0]}${words.at(-1)?.[0] ?? ''}` : [...first].slice(0, 2).join('');
  return (letters || '?').toUpperCase();
}
