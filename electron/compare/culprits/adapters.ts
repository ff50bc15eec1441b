import type { Adapter } from '../../../shared/tuple';
import type { CulpritFinding, CulpritRule } from './culprit-rule';
import { differingWithPrefix } from './culprit-rule';
import { FIX } from './fixes';

function describe(adapter: Adapter | undefined): string | null {
  if (!adapter) return null;
  const weights = adapter.weights && Object.keys(adapter.weights).length ? ` ${JSON.stringify(adapter.weights)}` : '';
  return `${adapter.kind} ${adapter.name} @ ${adapter.weight ?? 'default'}${weights}${adapter.hash ? ` [${adapter.hash}]` : ''}`;
}

function find(adapters: Adapter[] | undefined, key: string): Adapter | undefined {
  const base = key.replace(/#\d+$/, '');
  const nth = Number(/#(\d+)$/.exec(key)?.[1] ?? 1);
  return adapters?.filter((x) => `${x.kind}:${x.name}` === base)[nth - 1];
}

/** Guide cause 4: a LoRA / ControlNet / embedding added, removed or weighted differently. */
export const adaptersRule: CulpritRule = {
  id: 'adapters',
  find(context) {
    const out: CulpritFinding[] = [];
    for (const d of differingWithPrefix(context, 'adapters[')) {
      const a = find(context.a?.adapters, d.key);
      const b = find(context.b?.adapters, d.key);
      let what: string;
      if (!a || !b)
        what = `${(a ?? b)?.kind ?? 'adapter'} "${(a ?? b)?.name ?? d.key}" is used only in ${a ? 'A' : 'B'}`;
      else if (a.weight !== b.weight)
        what = `${a.kind} "${a.name}" has weight ${a.weight} in A and ${b.weight} in B (0.6 vs 0.7 is already a noticeable shift)`;
      else if (a.hash !== b.hash)
        what = `${a.kind} "${a.name}" is a different file (hash ${a.hash ?? 'none'} vs ${b.hash ?? 'none'})`;
      else
        what = `${a.kind} "${a.name}" has different secondary weights (${JSON.stringify(a.weights ?? {})} vs ${JSON.stringify(b.weights ?? {})})`;
      out.push({
        cause: 'adapters',
        field: d.field,
        a: describe(a),
        b: describe(b),
        explanation: `${what}.`,
        ...FIX.adapters,
        likelihood: 'high',
      });
    }
    return out;
  },
};
