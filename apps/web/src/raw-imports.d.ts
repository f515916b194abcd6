// Vite's `?raw` imports: the file's text as a string (used for the bot API reference).
declare module '*?raw' {
  const text: string;
  export default text;
}
