// Every request across the IPC/HTTP border answers with this shape, never a thrown error.
export interface AppError {
  /** Stable machine-readable code, e.g. `bad-argument`, `not-found`, `unreadable-file`, `not-an-image`. */
  code: string;
  /** What failed and what to do about it, in words a person can act on. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: string, message: string): { ok: false; error: AppError } {
  return { ok: false, error: { code, message } };
}
