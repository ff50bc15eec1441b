// Favourite, a 0-5 star rating and free tags for one image. Saved in the library at once (the image file is
// never touched); exported into XMP sidecars as xmp:Rating and dc:subject for digiKam and Lightroom.
import { useEffect, useState } from 'react';
import type { ImageMarksChange, ImageSummary } from '../../shared/library';
import type { AppError } from '../../shared/result';
import { useApi } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';

type Marks = Pick<ImageSummary, 'favourite' | 'rating' | 'tags'>;

export function MarksEditor({ imageId, initial }: { imageId: number; initial: Marks }) {
  const api = useApi();
  const [marks, setMarks] = useState<Marks>(initial);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<AppError | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset for a new image, not for a new render of the same marks
  useEffect(() => {
    setMarks(initial);
  }, [imageId]);

  const save = async (change: ImageMarksChange): Promise<void> => {
    const r = await api.request('library.setMarks', { imageId, change });
    if (r.ok) {
      setMarks(r.value);
      setError(null);
    } else setError(r.error);
  };

  const addTags = (): void => {
    const added = typed
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (added.length === 0) return;
    setTyped('');
    void save({ tags: [...marks.tags, ...added] });
  };

  return (
    <section
      className="marks"
      aria-label="Favourite, rating and tags"
      data-testid="marks"
      data-rating={marks.rating}
      data-favourite={marks.favourite}
    >
      <div className="marks-row">
        <button
          type="button"
          className={`fav${marks.favourite ? ' on' : ''}`}
          aria-pressed={marks.favourite}
          onClick={() => void save({ favourite: !marks.favourite })}
          title={marks.favourite ? 'Remove from favourites' : 'Add to favourites'}
          data-testid="favourite-toggle"
        >
          {marks.favourite ? '♥' : '♡'}
        </button>
        <span className="stars" role="radiogroup" aria-label="Rating">
          {[1, 2, 3, 4, 5].map((n) => (
            <button
              type="button"
              key={n}
              role="radio"
              aria-checked={marks.rating === n}
              aria-label={`${n} star${n > 1 ? 's' : ''}`}
              className={n <= marks.rating ? 'on' : ''}
              // Clicking the current rating again clears it (0 = unrated), as in digiKam.
              onClick={() => void save({ rating: marks.rating === n ? 0 : n })}
              data-testid={`rate-${n}`}
            >
              ★
            </button>
          ))}
        </span>
      </div>
      <div className="tags" data-testid="tags">
        {marks.tags.map((tag) => (
          <span key={tag} className="tag" data-testid="tag">
            {tag}
            <button
              type="button"
              aria-label={`Remove tag ${tag}`}
              onClick={() => void save({ tags: marks.tags.filter((t) => t !== tag) })}
            >
              ×
            </button>
          </span>
        ))}
        <input
          value={typed}
          placeholder="add tags, comma-separated"
          aria-label="Add tags"
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') addTags();
          }}
          data-testid="tag-input"
          spellCheck={false}
        />
      </div>
      {error && <ErrorNotice action="Saving the marks" error={error} />}
    </section>
  );
}
