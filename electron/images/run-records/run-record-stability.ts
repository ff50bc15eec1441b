// Stability AI REST API. v2beta Stable Image (https://platform.stability.ai/docs/api-reference, "Stable Diffusion
// 3.5"): multipart fields { prompt, negative_prompt, model, seed, aspect_ratio, output_format, mode } and, with
// `Accept: application/json`, the answer { image, finish_reason, seed }. v1 generation
// (POST /v1/generation/{engine_id}/text-to-image): { text_prompts: [{ text, weight }], cfg_scale, height, width,
// samples, steps, seed, sampler, style_preset } answered by { artifacts: [{ base64, seed, finishReason }] }.
// Stability's model names (sd3.5-large, stable-diffusion-xl-1024-v1-0) carry no dated version.
import {
  emptyParsed,
  firstText,
  isDatedModelName,
  isObject,
  missingPinWarning,
  modelVersionField,
  postprocessFlags,
  seedFields,
  seedOf,
  seedWarnings,
  text,
  type JsonObject,
  type RunRecordParser,
} from './run-record-json';

function isV2Answer(o: JsonObject | null): boolean {
  return o !== null && 'finish_reason' in o && ('image' in o || 'seed' in o);
}

function isV1Answer(o: JsonObject | null): boolean {
  return o !== null && Array.isArray(o.artifacts);
}

export const stabilityParser: RunRecordParser = {
  provider: 'stability',
  matches(parts) {
    return (
      isV2Answer(parts.response) ||
      isV1Answer(parts.response) ||
      (parts.request !== null && Array.isArray(parts.request.text_prompts))
    );
  },
  parse(parts) {
    const { request, response } = parts;
    const v1 = (request && Array.isArray(request.text_prompts)) || isV1Answer(response);
    const out = emptyParsed('stability', v1 ? 'Stability v1 generation' : 'Stability v2beta stable-image');
    out.model = firstText([request], ['model', 'engine_id', 'engine']);
    const named = modelVersionField([request, response]);
    if (named) {
      out.versionPin = named.pin;
      out.versionPinField = named.field;
    } else if (isDatedModelName(out.model)) {
      out.versionPin = out.model;
      out.versionPinField = 'model (dated name)';
    }
    const artifact =
      response && Array.isArray(response.artifacts) && isObject(response.artifacts[0]) ? response.artifacts[0] : null;
    Object.assign(out, seedFields(request, artifact ?? response));
    // Stability documents seed 0 as "random": it is no seed at all.
    if (out.seed === '0') {
      const answered = seedOf((artifact ?? response)?.seed);
      out.seed = answered && answered.seed !== '0' ? answered.seed : null;
      out.warnings.push('the request sent seed 0, which Stability treats as "pick a random seed"');
    }
    const prompts = request && Array.isArray(request.text_prompts) ? request.text_prompts : [];
    out.prompt =
      firstText([request], ['prompt']) ??
      (prompts
        .map((p) => (isObject(p) && (typeof p.weight !== 'number' || p.weight >= 0) ? text(p.text) : null))
        .filter(Boolean)
        .join('\n') ||
        null);
    out.postprocess = postprocessFlags(request);
    const finish = text(response?.finish_reason) ?? text(artifact?.finishReason);
    if (finish === 'CONTENT_FILTERED') {
      out.postprocess.push({
        kind: 'safety-filter',
        field: 'finish_reason',
        value: '"CONTENT_FILTERED"',
        on: true,
        turnOff: 'cannot be turned off through the API: change the prompt',
      });
    }
    if (!out.model)
      out.warnings.push(
        'the record does not name the Stability model (v1: the engine id in the URL; v2beta: the "model" field); keep it beside the request',
      );
    if (!out.versionPin)
      out.warnings.push(
        missingPinWarning(
          'Stability AI',
          `Stability model names ("${out.model ?? 'sd3.5-large'}") are not versioned: record the request date, or download the open weights and run them locally with their sha256.`,
        ),
      );
    out.warnings.push(...seedWarnings(out, 'Stability AI'));
    return out;
  },
};
