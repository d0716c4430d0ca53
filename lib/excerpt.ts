/*
 * How errors quote what a user gave: short and escaped, so a binary file or a 100 KB argument never floods the
 * terminal or breaks a log line.
 */

/** The longest excerpt of user input an error quotes. */
const EXCERPT_CHARS = 60;

/**
 * A short, escaped excerpt of user input for an error message: control characters and line breaks are escaped, and
 * a long value is cut with its length, so a binary file or a 100 KB argument never floods the terminal.
 */
export function excerpt(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const escaped = JSON.stringify(text.length > EXCERPT_CHARS ? text.slice(0, EXCERPT_CHARS) : text);
  return text.length > EXCERPT_CHARS ? `${escaped.slice(0, -1)}..." (${text.length} characters)` : escaped;
}

/** Lines longer than this are cut: they quote input somewhere (a parser's message, a commander error). */
const LINE_CHARS = 400;

/** Bounds each line of an error message and escapes control characters; line breaks between lines stay. */
export function boundedMessage(message: string): string {
  return message
    .split('\n')
    .map((line) => {
      const clean = line.replace(
        // Control characters are exactly what this escapes.
        // eslint-disable-next-line no-control-regex
        /[\u0000-\u0008\u000b-\u001f\u007f]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
      return clean.length > LINE_CHARS
        ? `${clean.slice(0, LINE_CHARS)}... (${clean.length - LINE_CHARS} more characters)`
        : clean;
    })
    .join('\n');
}
