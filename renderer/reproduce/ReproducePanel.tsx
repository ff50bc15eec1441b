// The Reproduce panel: what to run to get an image again, for A1111/Forge, ComfyUI or diffusers, built by the
// backend (electron/recipes/) from the image's tuple. The recipe is shown as text in a code block (never as
// HTML: prompts are untrusted), with a Copy button and every warning about what the target cannot express.
import { useState } from 'react';
import type { ImageRef } from '../../shared/contract';
import { recipeTargets, type RecipeTarget } from '../../shared/recipe';
import { copyText } from '../components/copy-text';
import { ErrorNotice } from '../components/ErrorNotice';
import { Toast } from '../components/Toast';
import { useRequest } from '../hooks/useRequest';

const TARGET_LABELS: Record<RecipeTarget, string> = {
  a1111: 'A1111 / Forge',
  comfyui: 'ComfyUI',
  diffusers: 'diffusers',
};

const HOW_TO_RUN: Record<RecipeTarget, (endpoint: string | undefined) => string> = {
  a1111: (endpoint) => `POST this JSON to ${endpoint ?? '/sdapi/v1/txt2img'} on a WebUI started with --api.`,
  comfyui: () => 'POST {"prompt": <this graph>} to /prompt, or load it with ComfyUI\'s "Load (API format)".',
  diffusers: () => 'Save as a .py file next to the model and run it with python3 (needs torch and diffusers).',
};

interface Props {
  image: ImageRef;
  /** The heading: "Reproduce" in the details, "Make B like A" in Compare. */
  title?: string;
  /** One line under the heading saying what the recipe is for. */
  note?: string;
  testId?: string;
}

export function ReproducePanel({ image, title = 'Reproduce', note, testId = 'reproduce-panel' }: Props) {
  const [target, setTarget] = useState<RecipeTarget>('a1111');
  const { value, error, loading, reload } = useRequest('recipes.build', { image, target });
  const [toast, setToast] = useState<string | null>(null);
  const recipe = value && value.recipe.target === target ? value.recipe : null;

  const copy = async (): Promise<void> => {
    if (!recipe) return;
    setToast(
      (await copyText(recipe.text))
        ? `${TARGET_LABELS[target]} recipe copied to the clipboard`
        : 'Copying failed: select the text and copy it by hand',
    );
  };

  return (
    <section data-testid={testId} data-ready={!loading && (recipe !== null || error !== null)} data-target={target}>
      <h2>{title}</h2>
      {note && (
        <p className="dim" style={{ margin: '0 0 6px', fontSize: 11.5 }}>
          {note}
        </p>
      )}
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, marginBottom: 6 }}>
        <div className="tabs" role="tablist" aria-label="Recipe target">
          {recipeTargets.map((t) => (
            <button
              type="button"
              key={t}
              role="tab"
              aria-selected={t === target}
              onClick={() => setTarget(t)}
              data-testid={`recipe-target-${t}`}
            >
              {TARGET_LABELS[t]}
            </button>
          ))}
        </div>
        <span style={{ flex: 1 }} />
        <button
          type="button"
          onClick={() => void copy()}
          disabled={!recipe}
          data-testid="recipe-copy"
          title="Copy the recipe text"
        >
          Copy
        </button>
      </div>
      {error && <ErrorNotice action="Building the recipe" error={error} onRetry={reload} />}
      {loading && !recipe && <p className="dim">Building the recipe…</p>}
      {recipe && (
        <>
          <p className="dim" style={{ margin: '0 0 4px', fontSize: 11.5 }} data-testid="recipe-how">
            {HOW_TO_RUN[target](recipe.endpoint)}
          </p>
          <pre className="prompt-text" style={{ maxHeight: 260 }} data-testid="recipe-text">
            <code>{recipe.text}</code>
          </pre>
          {recipe.warnings.length > 0 ? (
            <>
              <h3 className="warn-heading" style={{ fontSize: 12, margin: '8px 0 2px' }}>
                Warnings: what this recipe cannot carry or had to change ({recipe.warnings.length})
              </h3>
              <ul className="warnings" data-testid="recipe-warnings">
                {recipe.warnings.map((w, i) => (
                  <li key={i} data-code={w.code}>
                    <span className="pill warn">{w.code}</span> {w.message}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="dim" data-testid="recipe-no-warnings" style={{ fontSize: 11.5 }}>
              Everything the image records is in this recipe.
            </p>
          )}
        </>
      )}
      {toast && <Toast text={toast} onDone={() => setToast(null)} />}
    </section>
  );
}
