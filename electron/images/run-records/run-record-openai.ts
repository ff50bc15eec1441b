// OpenAI Images API (https://platform.openai.com/docs/api-reference/images/create): the request
// { model, prompt, n, size, quality, style, background, moderation, output_format } and the answer
// { created, data: [{ b64_json | url, revised_prompt }], usage }. There is no seed parameter, and dall-e-3 rewrites
// the prompt before drawing (the answer's revised_prompt), so a run cannot be repeated from its record.
import {
  emptyParsed,
  firstText,
  isDatedModelName,
  isObject,
  missingPinWarning,
  modelVersionField,
  postprocessFlags,
  text,
  type JsonObject,
  type RecordParts,
  type RunRecordParser,
} from './run-record-json';

function isImagesAnswer(o: JsonObject | null): boolean {
  return (
    o !== null &&
    typeof o.created === 'number' &&
    Array.isArray(o.data) &&
    o.data.some((d) => isObject(d) && ('b64_json' in d || 'url' in d || 'revised_prompt' in d))
  );
}

export const openaiParser: RunRecordParser = {
  provider: 'openai',
  matches(parts: RecordParts) {
    return (
      isImagesAnswer(parts.response) ||
      (parts.request !== null && /^(dall-e|gpt-image)/.test(text(parts.request.model) ?? ''))
    );
  },
  parse(parts) {
    const request = parts.request && !isImagesAnswer(parts.request) ? parts.request : null;
    const response = isImagesAnswer(parts.response)
      ? parts.response
      : isImagesAnswer(parts.request)
        ? parts.request
        : null;
    const out = emptyParsed('openai', 'OpenAI Images');
    out.model = firstText([request, response], ['model']);
    const named = modelVersionField([request, response]);
    if (named) {
      out.versionPin = named.pin;
      out.versionPinField = named.field;
    } else if (isDatedModelName(out.model)) {
      out.versionPin = out.model;
      out.versionPinField = 'model (dated snapshot name)';
    }
    out.prompt = firstText([request], ['prompt']);
    out.postprocess = postprocessFlags(request);
    const first = response && Array.isArray(response.data) && isObject(response.data[0]) ? response.data[0] : null;
    const revised = text(first?.revised_prompt);
    if (revised !== null) {
      out.postprocess.push({
        kind: 'prompt-rewrite',
        field: 'data[0].revised_prompt',
        value: JSON.stringify(revised),
        on: revised !== out.prompt,
        turnOff: 'cannot be turned off through the API: send the revised prompt verbatim and record it',
      });
    }
    const moderation = text(request?.moderation);
    if (moderation !== null)
      out.postprocess.push({
        kind: 'safety-filter',
        field: 'moderation',
        value: JSON.stringify(moderation),
        on: true,
        turnOff: '"moderation": "low" (the strictest filter cannot be removed)',
      });
    if (!out.model)
      out.warnings.push(
        'the record does not name the model (dall-e-3, gpt-image-1); keep the request beside the answer',
      );
    if (!out.versionPin)
      out.warnings.push(
        missingPinWarning(
          'OpenAI',
          `request a dated snapshot name where one exists (e.g. "${out.model ?? 'gpt-image-1'}-YYYY-MM-DD") and record the answer's "created" time.`,
        ),
      );
    out.warnings.push(
      'the OpenAI Images API takes no seed: two runs of this request are different draws, so pixels cannot be reproduced, only re-requested',
    );
    return out;
  },
};
