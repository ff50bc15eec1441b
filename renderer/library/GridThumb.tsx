// A tile's thumbnail. When the thumbnail file is gone from the cache (cleaned, copied library, disk error) the
// tile says so and asks the backend to make it again once; the answer, good or bad, is remembered per image for
// the grid's lifetime, so scrolling a broken tile in and out of view does not ask again in a loop.
import { useCallback, useRef, useState } from 'react';
import type { ImageSummary } from '../../shared/library';
import { useApi } from '../api/client';
import { shortReason } from './thumb-reason';

export type ThumbRepair =
  | { state: 'rebuilding' }
  | { state: 'rebuilt'; version: number }
  | { state: 'failed'; reason: string; message: string };

export interface ThumbRepairs {
  get: (imageId: number) => ThumbRepair | undefined;
  /** The thumbnail did not load: rebuild it (once per image). */
  broken: (image: ImageSummary) => void;
}

export function useThumbRepairs(): ThumbRepairs {
  const api = useApi();
  const repairs = useRef(new Map<number, ThumbRepair>());
  const [, setVersion] = useState(0);
  const set = useCallback((id: number, repair: ThumbRepair) => {
    repairs.current.set(id, repair);
    setVersion((v) => v + 1);
  }, []);

  const broken = useCallback(
    (image: ImageSummary): void => {
      const known = repairs.current.get(image.id);
      if (known?.state === 'rebuilding' || known?.state === 'failed') return;
      if (known?.state === 'rebuilt') {
        // Made again, and still not loadable: say so instead of rebuilding forever.
        set(image.id, {
          state: 'failed',
          reason: 'thumbnail unreadable',
          message: `${image.path}: the rebuilt thumbnail did not load.`,
        });
        return;
      }
      if (image.state === 'offline') {
        set(image.id, {
          state: 'failed',
          reason: 'offline',
          message: `${image.path}: offline (its folder or drive is not reachable); the thumbnail is made again when it is back.`,
        });
        return;
      }
      set(image.id, { state: 'rebuilding' });
      void api.request('library.rebuildThumbnail', { imageId: image.id }).then((r) => {
        if (r.ok) set(image.id, { state: 'rebuilt', version: Date.now() });
        else
          set(image.id, {
            state: 'failed',
            reason: shortReason(r.error.message, image.path),
            message: r.error.message,
          });
      });
    },
    [api, set],
  );

  return { get: (id) => repairs.current.get(id), broken };
}

export function GridThumb({
  item,
  repair,
  onBroken,
}: {
  item: ImageSummary;
  repair: ThumbRepair | undefined;
  /** The thumbnail did not load (ThumbRepairs.broken). */
  onBroken: (image: ImageSummary) => void;
}) {
  const api = useApi();
  if (item.pixelState !== 'done') {
    return <span className="dim thumb-note">{item.pixelState === 'failed' ? 'no preview' : '…'}</span>;
  }
  if (repair?.state === 'rebuilding')
    return (
      <span className="thumb-note" data-testid="thumb-rebuilding">
        thumbnail missing, rebuilding…
      </span>
    );
  if (repair?.state === 'failed')
    return (
      <span className="thumb-note warn" data-testid="thumb-failed" title={repair.message}>
        {repair.reason}
      </span>
    );
  const src = api.mediaUrl('thumb', item.id);
  return (
    <img
      src={repair?.state === 'rebuilt' ? `${src}?v=${repair.version}` : src}
      alt=""
      loading="lazy"
      decoding="async"
      draggable={false}
      onError={() => onBroken(item)}
    />
  );
}
