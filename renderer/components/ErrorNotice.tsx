// Every error shown to a person: what failed (the action) and the backend's message (what went wrong, what to do).
import type { AppError } from '../../shared/result';

interface Props {
  action: string;
  error: AppError;
  onDismiss?: () => void;
  onRetry?: () => void;
}

export function ErrorNotice({ action, error, onDismiss, onRetry }: Props) {
  return (
    <div className="error-notice" role="alert" data-testid="error-notice" data-code={error.code}>
      <div className="error-message">
        <strong>{action} failed.</strong> {error.message}
      </div>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
      {onDismiss && (
        <button type="button" onClick={onDismiss} aria-label="Dismiss">
          ✕
        </button>
      )}
    </div>
  );
}
