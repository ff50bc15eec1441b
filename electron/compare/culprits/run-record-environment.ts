import type { RunEnvironment } from '../../../shared/run-record';
import type { CulpritFinding, CulpritRule } from './culprit-rule';
import { hardwareFix } from './fixes';

const PARTS: Array<{ key: keyof RunEnvironment; name: string }> = [
  { key: 'gpu', name: 'GPU' },
  { key: 'driver', name: 'NVIDIA driver' },
  { key: 'cuda', name: 'CUDA version' },
  { key: 'torch', name: 'torch version' },
  { key: 'xformers', name: 'xformers version' },
  { key: 'uiVersion', name: 'UI version' },
];

/** Guide cause 5 from two local environment records: what changed between the machines or installs. */
export const runRecordEnvironmentRule: CulpritRule = {
  id: 'run-record-environment',
  find(context) {
    const a = context.runRecordA?.environment;
    const b = context.runRecordB?.environment;
    if (!a || !b) return [];
    const out: CulpritFinding[] = [];
    for (const { key, name } of PARTS) {
      const va = a[key];
      const vb = b[key];
      if (va === null || vb === null || va === vb) continue;
      out.push({
        cause: 'hardware',
        field: `runRecord.environment.${key}`,
        a: va,
        b: vb,
        explanation: `The ${name} changed between the runs: A ran ${va}, B ran ${vb}. A different ${name} picks different GPU kernels and floating-point paths, and the differences compound across sampling steps.`,
        ...hardwareFix(context.a?.generator ?? context.b?.generator ?? null),
        likelihood: key === 'uiVersion' ? 'medium' : 'high',
        evidence: [
          { label: `${name} in A`, value: va },
          { label: `${name} in B`, value: vb },
        ],
      });
    }
    return out;
  },
};
