// Prompts, file names and metadata values are written by whoever made the image: printed raw, an ESC or OSC
// sequence in a prompt sets the terminal's title, clears the screen or rewrites what the person reads, and a bidi
// override reorders a file name on screen (Trojan Source). Human-readable output shows every such character as
// `<U+001B>`; `--json` output stays byte-exact (JSON escapes C0 itself, and a program reads it, not a terminal).
import type { CliIo } from './command';

/** C0 except tab and newline, DEL, C1, and the bidi embeddings, overrides and isolates (U+202A-E, U+2066-9). */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function visible(char: string): string {
  return `<U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** `text` with every control and bidi-override character shown as `<U+XXXX>`; tab and newline kept. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * The same, for one whole write of the CLI's own output: a carriage return that starts the write is the progress
 * bar redrawing its line (index, models), so that one is kept; any other is escaped.
 */
export function terminalWrite(text: string): string {
  return text.startsWith('\r') ? `\r${terminalText(text.slice(1))}` : terminalText(text);
}

/**
 * A stream that escapes every string written through it, and is otherwise `stream` (isTTY, columns, events): the
 * CLI hands this to every command, so no command can forget to escape a prompt or a file name.
 */
export function terminalSafeStream<S extends NodeJS.WritableStream>(stream: S): S {
  return new Proxy(stream, {
    get(target, property) {
      if (property === RAW_STREAM) return target;
      if (property === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...args: unknown[]) => boolean).call(
            target,
            typeof chunk === 'string' ? terminalWrite(chunk) : chunk,
            ...rest,
          );
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const RAW_STREAM = Symbol('raw stream');

/** The stream below a terminalSafeStream (or `stream` itself): to ask "is this the process's own stdout?". */
export function rawStream(stream: NodeJS.WritableStream): NodeJS.WritableStream {
  return (stream as unknown as Record<symbol, NodeJS.WritableStream | undefined>)[RAW_STREAM] ?? stream;
}

/** The CLI's streams for one command: stderr always escaped, stdout too unless it carries `--json`. */
export function terminalSafeIo(io: CliIo, json: boolean): CliIo {
  return { stdout: json ? io.stdout : terminalSafeStream(io.stdout), stderr: terminalSafeStream(io.stderr) };
}
