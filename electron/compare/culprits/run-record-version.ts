import type { RunRecord } from '../../../shared/run-record';
import type { CulpritFinding, CulpritRule } from './culprit-rule';
import { FIX } from './fixes';

function files(record: RunRecord): string {
  return record.origin.files.join(' + ');
}

function hosted(record: RunRecord | null | undefined): record is RunRecord {
  return Boolean(record && record.provider !== 'local');
}

/** Guide cause 1 from the run records: the provider ran another model version (or another model) for B. */
export const runRecordVersionRule: CulpritRule = {
  id: 'run-record-version',
  find(context) {
    const a = context.runRecordA;
    const b = context.runRecordB;
    if (!hosted(a) || !hosted(b)) return [];
    const model = a.model ?? b.model ?? 'the model';
    const evidence = [
      { label: 'run record A', value: files(a) },
      { label: 'run record B', value: files(b) },
      { label: 'version in A', value: a.versionPin ? `${a.versionPin} (${a.versionPinField})` : '(not pinned)' },
      { label: 'version in B', value: b.versionPin ? `${b.versionPin} (${b.versionPinField})` : '(not pinned)' },
    ];
    const out: CulpritFinding[] = [];
    if (a.model && b.model && a.model !== b.model) {
      out.push({
        cause: 'model',
        field: 'runRecord.model',
        a: a.model,
        b: b.model,
        explanation: `The run records name different models: A ran "${a.model}", B ran "${b.model}".`,
        ...FIX.model,
        likelihood: 'high',
        evidence,
      });
    }
    if (a.versionPin && b.versionPin && a.versionPin !== b.versionPin) {
      out.push({
        cause: 'model',
        field: 'runRecord.versionPin',
        a: a.versionPin,
        b: b.versionPin,
        explanation: `The provider rolled the model forward: A ran ${model} version ${a.versionPin}, B ran version ${b.versionPin}. The same seed maps to a different image under new weights.`,
        fix: `${FIX.model.fix} To get A again, send A's version in the request.`,
        fixCode:
          a.provider === 'replicate'
            ? `{ "version": "${a.versionPin}", "input": { … } }`
            : `{ "model_version": "${a.versionPin}" }`,
        likelihood: 'high',
        evidence,
      });
    } else if (!a.versionPin || !b.versionPin) {
      const pinned = a.versionPin ? 'A' : b.versionPin ? 'B' : null;
      out.push({
        cause: 'model',
        field: 'runRecord.versionPin',
        a: a.versionPin,
        b: b.versionPin,
        explanation: pinned
          ? `Only ${pinned}'s run record pins the model version (${(pinned === 'A' ? a : b).versionPin}); the other ran whatever version ${a.provider === b.provider ? 'the provider' : 'its provider'} served that day, which may be a newer one.`
          : `Neither run record pins a model version: ${model} may have been rolled forward between the two runs, and nothing recorded can tell.`,
        ...FIX.model,
        likelihood: 'medium',
        evidence,
      });
    }
    return out;
  },
};
