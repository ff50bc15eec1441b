// Black Forest Labs API (https://docs.bfl.ai, "FLUX1.1 [pro]"): POST /v1/flux-pro-1.1 with
// { prompt, width, height, seed, prompt_upsampling, safety_tolerance, output_format, raw } returns
// { id, polling_url }; polling returns { id, status: "Ready", result: { sample, prompt, seed, start_time,
// end_time, duration } }. The model is the endpoint path (flux-pro-1.1), which the bodies do not repeat, and
// the endpoints carry no version.
import {
  emptyParsed,
  firstText,
  isObject,
  missingPinWarning,
  modelVersionField,
  objectAt,
  postprocessFlags,
  seedFields,
  seedWarnings,
  type JsonObject,
  type RecordParts,
  type RunRecordParser,
} from './run-record-json';

function isPollResult(o: JsonObject | null): boolean {
  return o !== null && typeof o.status === 'string' && isObject(o.result) && 'sample' in o.result;
}

export const bflParser: RunRecordParser = {
  provider: 'bfl',
  matches(parts: RecordParts) {
    return (
      isPollResult(parts.response) ||
      isPollResult(parts.request) ||
      (parts.request !== null && 'safety_tolerance' in parts.request && 'prompt' in parts.request)
    );
  },
  parse(parts) {
    const poll = isPollResult(parts.response) ? parts.response : isPollResult(parts.request) ? parts.request : null;
    const request = parts.request && parts.request !== poll ? parts.request : null;
    const result = objectAt(poll, 'result');
    const out = emptyParsed('bfl', 'Black Forest Labs FLUX API');
    out.model = firstText([request, poll], ['endpoint', 'model']);
    const named = modelVersionField([request, poll, result]);
    if (named) {
      out.versionPin = named.pin;
      out.versionPinField = named.field;
    }
    Object.assign(out, seedFields(request, result));
    out.prompt = firstText([request, result], ['prompt']);
    out.postprocess = postprocessFlags(request);
    const tolerance = request?.safety_tolerance;
    if (tolerance !== undefined) {
      // Moderation always runs on BFL; the tolerance (0 strictest … 6) only moves its threshold.
      out.postprocess.push({
        kind: 'safety-filter',
        field: 'safety_tolerance',
        value: JSON.stringify(tolerance),
        on: true,
        turnOff: '"safety_tolerance": 6 (the most permissive; moderation cannot be removed)',
      });
    }
    if (request?.raw === false && out.model?.includes('ultra')) {
      out.warnings.push(
        '"raw": false on FLUX1.1 [pro] Ultra applies its default look; keep the same value when re-running',
      );
    }
    if (!out.model)
      out.warnings.push(
        'the record does not name the BFL endpoint (e.g. flux-pro-1.1); keep the endpoint path beside the request',
      );
    if (!out.versionPin)
      out.warnings.push(
        missingPinWarning(
          'Black Forest Labs',
          'BFL endpoints have no version parameter: record the endpoint and the date, or use the open FLUX.1 [dev] weights locally with their sha256.',
        ),
      );
    out.warnings.push(...seedWarnings(out, 'Black Forest Labs'));
    return out;
  },
};
