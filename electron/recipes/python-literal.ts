// Python source literals for the diffusers script. A JSON string literal is also a valid Python str literal
// (the same escapes: \" \\ \n \t \uXXXX, lone surrogates escaped), so prompts keep their exact bytes.
import type { PythonValue } from './diffusers-schedulers';

export function pyString(text: string): string {
  return JSON.stringify(text);
}

export function pyValue(value: PythonValue | null): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  return pyString(value);
}

/** Keyword arguments: `a=1, b="x"`. */
export function pyKwargs(options: Record<string, PythonValue>): string {
  return Object.entries(options)
    .map(([k, v]) => `${k}=${pyValue(v)}`)
    .join(', ');
}
