// History's Verifications tab: every verify run in the library, newest first, with the image it was for.
import { useEffect } from 'react';
import { useApi } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';
import { useRequest } from '../hooks/useRequest';
import { VerificationList } from './VerificationList';

export function VerificationsPanel({ active }: { active: boolean }) {
  const api = useApi();
  const { value, error, loading, reload } = useRequest('verify.list', { imageId: null, limit: 100 });
  useEffect(() => api.subscribe('verify.finished', () => reload()), [api, reload]);
  useEffect(() => {
    if (active) reload();
  }, [active, reload]);
  return (
    <div data-testid="verifications-panel" data-ready={!loading}>
      <p className="dim" style={{ fontSize: 11.5 }}>
        Verify runs against a live generator (Verify in an image's details or in Compare, or `seedscope verify`).
      </p>
      {error && <ErrorNotice action="Loading the verifications" error={error} onRetry={reload} />}
      {value && <VerificationList records={value} showImage testId="verifications" />}
    </div>
  );
}
