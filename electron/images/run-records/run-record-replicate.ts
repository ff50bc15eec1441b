// Replicate prediction object (https://replicate.com/docs/topics/predictions, "Here's an example of a prediction
// object"): { id, model, version, input, output, status, urls, metrics, ... }. `version` is the 64-hex version id,
// the only exact pin Replicate has; a prediction made through /v1/models/OWNER/NAME/predictions ("official
// models") may carry `model` without a `version` and then runs whatever version is current.
import {
  emptyParsed,
  isObject,
  missingPinWarning,
  modelVersionField,
  objectAt,
  postprocessFlags,
  seedFields,
  seedWarnings,
  text,
  textAt,
  type RecordParts,
  type RunRecordParser,
} from './run-record-json';

function prediction(parts: RecordParts) {
  return parts.response && isObject(parts.response.input)
    ? parts.response
    : parts.request && isObject(parts.request.input)
      ? parts.request
      : null;
}

export const replicateParser: RunRecordParser = {
  provider: 'replicate',
  matches(parts) {
    const p = prediction(parts);
    return p !== null && (typeof p.version === 'string' || isObject(p.urls) || typeof p.status === 'string');
  },
  parse(parts) {
    const p = prediction(parts) ?? {};
    const input = objectAt(p, 'input');
    const out = emptyParsed('replicate', 'Replicate prediction');
    // `version` may be written "owner/name:version" by older clients; the id is the part after the colon.
    const rawVersion = text(p.version);
    const versionId = rawVersion?.includes(':') ? rawVersion.slice(rawVersion.lastIndexOf(':') + 1) : rawVersion;
    out.model = text(p.model) ?? (rawVersion?.includes(':') ? rawVersion.slice(0, rawVersion.lastIndexOf(':')) : null);
    const named = modelVersionField([p, input]);
    if (versionId) {
      out.versionPin = versionId;
      out.versionPinField = 'version';
    } else if (named) {
      out.versionPin = named.pin;
      out.versionPinField = named.field;
    }
    Object.assign(out, seedFields(input, null));
    out.prompt = textAt(input, 'prompt');
    out.postprocess = postprocessFlags(input, 'input.');
    if (!out.versionPin)
      out.warnings.push(
        missingPinWarning(
          'Replicate',
          'Create the prediction with "version": "<64-hex version id>" (POST /v1/predictions) instead of the model name.',
        ),
      );
    if (versionId && !/^[0-9a-f]{64}$/.test(versionId))
      out.warnings.push(`version "${versionId}" is not a 64-hex Replicate version id`);
    out.warnings.push(...seedWarnings(out, 'Replicate'));
    return out;
  },
};
