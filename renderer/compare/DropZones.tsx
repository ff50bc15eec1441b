// Two drop targets, A and B. Files dragged from the file manager land here; dropping two files at once fills
// both sides. A click opens the file picker as the keyboard-reachable alternative.
import { useRef, useState } from 'react';
import type { DragEvent } from 'react';

export interface DropSlot {
  label: string;
  status: 'empty' | 'uploading' | 'ready' | 'failed';
}

interface Props {
  a: DropSlot;
  b: DropSlot;
  onFiles: (files: File[], slot: 'a' | 'b') => void;
}

function imageFiles(list: FileList | null): File[] {
  return list ? Array.from(list) : [];
}

function Zone({ slot, side, onFiles }: { slot: DropSlot; side: 'a' | 'b'; onFiles: Props['onFiles'] }) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement | null>(null);
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    const files = imageFiles(e.dataTransfer.files);
    if (files.length) onFiles(files, side);
  };
  return (
    <div
      className={`dropzone${over ? ' over' : ''}${slot.status !== 'empty' ? ' filled' : ''}`}
      data-testid={`dropzone-${side}`}
      data-status={slot.status}
      role="button"
      tabIndex={0}
      aria-label={`Image ${side.toUpperCase()}: drop a file here or press Enter to choose one`}
      onDragEnter={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      onClick={() => input.current?.click()}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          input.current?.click();
        }
      }}
    >
      <strong>{side.toUpperCase()}</strong>
      {slot.status === 'empty' ? (
        <span>Drop an image here (or two at once), or click to choose</span>
      ) : (
        <span className="name">
          {slot.label}
          {slot.status === 'uploading' && ' — uploading…'}
          {slot.status === 'failed' && ' — failed'}
        </span>
      )}
      <input
        ref={input}
        type="file"
        accept="image/png,image/jpeg,image/webp,image/avif,image/gif,image/tiff,.png,.jpg,.jpeg,.webp,.avif"
        multiple
        hidden
        data-testid={`file-input-${side}`}
        onChange={(e) => {
          const files = imageFiles(e.target.files);
          if (files.length) onFiles(files, side);
          e.target.value = '';
        }}
      />
    </div>
  );
}

export function DropZones({ a, b, onFiles }: Props) {
  return (
    <div className="dropzones">
      <Zone slot={a} side="a" onFiles={onFiles} />
      <Zone slot={b} side="b" onFiles={onFiles} />
    </div>
  );
}
