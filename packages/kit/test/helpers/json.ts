// Response bodies in tests are checked field by field with expect(); a loose type keeps that terse.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export async function jsonOf(res: Response): Promise<Json> {
  return res.json();
}
