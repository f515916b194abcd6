// Opaque page cursors: clients pass back what they were given; the inside may change freely.

export function encodeCursor(seq: string): string {
  return Buffer.from(`n:${seq}`, 'utf8').toString('base64url');
}

/** The position a cursor stands for, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): string | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^n:(\d{1,19})$/.exec(text);
  return match?.[1];
}
