import type { CulpritFinding, CulpritRule } from './culprit-rule';
import { decidingDifferences } from './culprit-rule';
import { FIX } from './fixes';

/** Guide cause 4 again, for passes: a refiner or hires pass added, or its switch / denoise / steps changed.
 *  Pass 0 mirrors the top-level fields (their own rules name them); its other settings (img2img denoise, start/end
 *  step) are named here too. */
export const passesRule: CulpritRule = {
  id: 'passes',
  find(context) {
    const byPass = new Map<number, Array<{ field: string; a: string | null; b: string | null }>>();
    for (const d of decidingDifferences(context)) {
      const m = /^passes\[(\d+)\]/.exec(d.field);
      if (!m) continue;
      const index = Number(m[1]);
      byPass.set(index, [...(byPass.get(index) ?? []), d]);
    }
    const out: CulpritFinding[] = [];
    for (const [index, diffs] of [...byPass].sort((p, q) => p[0] - q[0])) {
      const pass = context.a?.passes[index] ?? context.b?.passes[index];
      const role = pass?.role ?? 'sampling';
      const whole = diffs.find((d) => d.field === `passes[${index}]`);
      const listed = diffs
        .map(
          (d) => `${d.field.slice(`passes[${index}]`.length + 1) || 'pass'} ${d.a ?? '(none)'} vs ${d.b ?? '(none)'}`,
        )
        .join('; ');
      out.push({
        cause: index === 0 ? 'other' : 'adapters',
        field: diffs[0].field,
        a: diffs[0].a,
        b: diffs[0].b,
        explanation: whole
          ? `A ${role} pass (pass ${index}) runs only in ${whole.a ? 'A' : 'B'}: an extra pass changes high-frequency detail or the whole image.`
          : `The ${role} pass (pass ${index}) is set differently: ${listed}.`,
        ...FIX.adapters,
        likelihood: 'high',
      });
    }
    return out;
  },
};
