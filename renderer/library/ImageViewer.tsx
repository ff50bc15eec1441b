// The full-screen viewer: one image at a time over the library, fitted or at 100% (one image pixel per screen
// pixel, scrolled), with copy of the prompt, the seed and the whole A1111 parameter text, and a download link.
// The arrows and Esc are the library's shortcuts (they move the same selection the grid shows).
import { useEffect, useState } from 'react';
import { formatA1111Infotext } from '../../shared/a1111-text';
import type { ImageSummary } from '../../shared/library';
import { useApi } from '../api/client';
import { copyText } from '../components/copy-text';
import { ErrorNotice } from '../components/ErrorNotice';
import { Toast } from '../components/Toast';
import { useRequest } from '../hooks/useRequest';
import { fileNameOf } from './format';

interface Props {
  image: ImageSummary;
  position: { index: number; count: number };
  /** Toggled by the viewer's button and the z key (in the library's shortcuts). */
  actualSize: boolean;
  onActualSize: (on: boolean) => void;
  onPrevious: () => void;
  onNext: () => void;
  onClose: () => void;
}

export function ImageViewer({ image, position, actualSize, onActualSize, onPrevious, onNext, onClose }: Props) {
  const api = useApi();
  const { value: detail, error } = useRequest('library.getImage', { imageId: image.id });
  const [toast, setToast] = useState<string | null>(null);
  const tuple = detail && detail.id === image.id ? detail.report.tuple : null;
  const name = fileNameOf(image.path);
  const url = api.mediaUrl('image', image.id);

  useEffect(() => {
    // The page behind must not scroll with the viewer's wheel and keys.
    const before = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = before;
    };
  }, []);

  const copy = async (label: string, text: string | null | undefined): Promise<void> => {
    if (!text) return;
    setToast(
      (await copyText(text)) ? `${label} copied` : `Copying ${label} failed: select the text and copy it by hand`,
    );
  };

  return (
    <div
      className="viewer"
      role="dialog"
      aria-modal="true"
      aria-label={`Viewer: ${name}`}
      data-testid="viewer"
      data-image-id={image.id}
      data-zoom={actualSize ? '100' : 'fit'}
    >
      <div className="viewer-bar">
        <span className="viewer-name" title={image.path}>
          {name}{' '}
          <span className="dim">
            ({position.index + 1} of {position.count})
          </span>
        </span>
        <button
          type="button"
          onClick={onPrevious}
          disabled={position.index <= 0}
          aria-label="Previous image (←)"
          data-testid="viewer-prev"
        >
          ←
        </button>
        <button
          type="button"
          onClick={onNext}
          disabled={position.index >= position.count - 1}
          aria-label="Next image (→)"
          data-testid="viewer-next"
        >
          →
        </button>
        <button
          type="button"
          onClick={() => onActualSize(!actualSize)}
          aria-pressed={actualSize}
          data-testid="viewer-zoom"
          title="Fit or 100% (z)"
        >
          {actualSize ? 'Fit' : '100%'}
        </button>
        <button
          type="button"
          disabled={!tuple?.prompt}
          onClick={() => void copy('Prompt', tuple?.prompt)}
          data-testid="viewer-copy-prompt"
        >
          Copy prompt
        </button>
        <button
          type="button"
          disabled={!tuple?.seed}
          onClick={() => void copy('Seed', tuple?.seed)}
          data-testid="viewer-copy-seed"
        >
          Copy seed
        </button>
        <button
          type="button"
          disabled={!tuple}
          onClick={() => tuple && void copy('Parameters', formatA1111Infotext(tuple))}
          data-testid="viewer-copy-params"
          title="The whole parameter text in A1111 form"
        >
          Copy parameters
        </button>
        <a className="button" href={url} download={name} data-testid="viewer-download">
          Download
        </a>
        <button type="button" onClick={onClose} aria-label="Close viewer (Esc)" data-testid="viewer-close">
          ✕
        </button>
      </div>
      {error && <ErrorNotice action="Loading the image's parameters" error={error} />}
      <div
        className={`viewer-stage${actualSize ? ' actual' : ''}`}
        onClick={(e) => e.target === e.currentTarget && onClose()}
      >
        <img
          src={url}
          alt={name}
          data-testid="viewer-image"
          draggable={false}
          onClick={() => onActualSize(!actualSize)}
          style={
            actualSize ? { width: image.pixelWidth ?? undefined, height: image.pixelHeight ?? undefined } : undefined
          }
        />
      </div>
      {toast && <Toast text={toast} onDone={() => setToast(null)} />}
    </div>
  );
}
