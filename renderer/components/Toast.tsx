import { useEffect } from 'react';

export function Toast({ text, onDone }: { text: string; onDone: () => void }) {
  useEffect(() => {
    const t = window.setTimeout(onDone, 2200);
    return () => window.clearTimeout(t);
  }, [text, onDone]);
  return (
    <div className="toast" role="status" data-testid="toast">
      {text}
    </div>
  );
}
