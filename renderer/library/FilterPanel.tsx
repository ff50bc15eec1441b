// Filters beside the search box. Dropdowns list what the library holds (facets, with counts); free fields
// (seed, steps, CFG range, dates) are typed.
import { memo } from 'react';
import type { Facets, FacetValue } from '../../shared/contract';
import type { FolderInfo } from '../../shared/library';
import { GRADE_LABELS, REPRODUCIBILITY_GRADES } from '../../shared/reproducibility-grade';
import { activeFilterCount, EMPTY_FORM, type FilterForm } from './filter-form';

interface Props {
  form: FilterForm;
  onChange: (form: FilterForm) => void;
  facets: Facets | null;
  folders: FolderInfo[];
  problems: string[];
}

function Choice({
  label,
  field,
  values,
  form,
  onChange,
}: {
  label: string;
  field: keyof FilterForm;
  values: FacetValue[];
  form: FilterForm;
  onChange: (f: FilterForm) => void;
}) {
  return (
    <label>
      {label}
      <select
        value={form[field]}
        onChange={(e) => onChange({ ...form, [field]: e.target.value })}
        data-testid={`filter-${field}`}
      >
        <option value="">any</option>
        {/* Keep a chosen value selectable even when the facet list has not loaded it. */}
        {form[field] && !values.some((v) => v.value === form[field]) && (
          <option value={form[field]}>{form[field]}</option>
        )}
        {values.map((v) => (
          <option key={v.value} value={v.value}>
            {v.value} ({v.count})
          </option>
        ))}
      </select>
    </label>
  );
}

// Memoized: the library view renders again with every page of rows that arrives, and these props stay the same.
export const FilterPanel = memo(function FilterPanel({ form, onChange, facets, folders, problems }: Props) {
  const text = (field: keyof FilterForm, label: string, placeholder: string, wide = false, type = 'text') => (
    <label className={wide ? 'wide' : undefined}>
      {label}
      <input
        type={type}
        value={form[field]}
        placeholder={placeholder}
        onChange={(e) => onChange({ ...form, [field]: e.target.value })}
        data-testid={`filter-${field}`}
        spellCheck={false}
      />
    </label>
  );
  const count = activeFilterCount(form);
  return (
    <section aria-label="Filters" data-testid="filter-panel">
      <h2 style={{ display: 'flex' }}>
        <span style={{ flex: 1 }}>Filters{count > 0 ? ` (${count})` : ''}</span>
        {count > 0 && (
          <button
            type="button"
            style={{ fontSize: 10, padding: '0 6px' }}
            onClick={() => onChange(EMPTY_FORM)}
            data-testid="filters-clear"
          >
            clear
          </button>
        )}
      </h2>
      <div className="filters">
        <Choice label="Generator" field="generator" values={facets?.generators ?? []} form={form} onChange={onChange} />
        <Choice label="Sampler" field="sampler" values={facets?.samplers ?? []} form={form} onChange={onChange} />
        <label className="wide">
          Model
          <select
            value={form.model}
            onChange={(e) => onChange({ ...form, model: e.target.value })}
            data-testid="filter-model"
          >
            <option value="">any</option>
            {form.model && !(facets?.models ?? []).some((v) => v.value === form.model) && (
              <option value={form.model}>{form.model}</option>
            )}
            {(facets?.models ?? []).map((v) => (
              <option key={v.value} value={v.value} data-hash={v.hash}>
                {v.label ?? v.value}
                {v.hash ? ` [${v.hash.slice(0, 10)}]` : ''} ({v.count})
              </option>
            ))}
          </select>
        </label>
        <Choice label="Scheduler" field="scheduler" values={facets?.schedulers ?? []} form={form} onChange={onChange} />
        <Choice label="Size" field="size" values={facets?.sizes ?? []} form={form} onChange={onChange} />
        <label className="wide">
          LoRA
          <select
            value={form.lora}
            onChange={(e) => onChange({ ...form, lora: e.target.value })}
            data-testid="filter-lora"
          >
            <option value="">any</option>
            {form.lora && !(facets?.loras ?? []).some((v) => v.value === form.lora) && (
              <option value={form.lora}>{form.lora}</option>
            )}
            {(facets?.loras ?? []).map((v) => (
              <option key={v.value} value={v.value}>
                {v.value} ({v.count})
              </option>
            ))}
          </select>
        </label>
        <Choice label="Tag" field="tag" values={facets?.tags ?? []} form={form} onChange={onChange} />
        <label>
          Rating
          <select
            value={form.minRating}
            onChange={(e) => onChange({ ...form, minRating: e.target.value })}
            data-testid="filter-minRating"
          >
            <option value="">any</option>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={String(n)}>
                {'★'.repeat(n)}
                {n < 5 ? ' or more' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          Reproducibility
          <select
            value={form.grade}
            onChange={(e) => onChange({ ...form, grade: e.target.value })}
            data-testid="filter-grade"
          >
            <option value="">any</option>
            {REPRODUCIBILITY_GRADES.map((g) => (
              <option key={g} value={g}>
                {GRADE_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        <label className="wide" style={{ flexDirection: 'row', alignItems: 'center', gap: 6 }}>
          <input
            type="checkbox"
            checked={form.favourite === 'yes'}
            onChange={(e) => onChange({ ...form, favourite: e.target.checked ? 'yes' : '' })}
            style={{ width: 'auto', margin: 0 }}
            data-testid="filter-favourite"
          />
          favourites only
        </label>
        {text('seed', 'Seed', 'exact', true)}
        {text('steps', 'Steps', 'e.g. 20')}
        <label>
          CFG
          <span className="range">
            <input
              value={form.cfgMin}
              placeholder="from"
              aria-label="CFG from"
              onChange={(e) => onChange({ ...form, cfgMin: e.target.value })}
              data-testid="filter-cfgMin"
            />
            <input
              value={form.cfgMax}
              placeholder="to"
              aria-label="CFG to"
              onChange={(e) => onChange({ ...form, cfgMax: e.target.value })}
              data-testid="filter-cfgMax"
            />
          </span>
        </label>
        <label className="wide">
          Folder
          <select
            value={form.folder}
            onChange={(e) => onChange({ ...form, folder: e.target.value })}
            data-testid="filter-folder"
          >
            <option value="">any</option>
            {folders.map((f) => (
              <option key={f.id} value={String(f.id)}>
                {f.path}
              </option>
            ))}
          </select>
        </label>
        {text('since', 'From date', '', false, 'date')}
        {text('until', 'To date', '', false, 'date')}
      </div>
      {problems.length > 0 && (
        <ul className="warnings" role="alert" data-testid="filter-problems" style={{ marginTop: 6 }}>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </section>
  );
});
