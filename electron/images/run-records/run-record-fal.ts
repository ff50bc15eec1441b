// fal model API (https://fal.ai/docs/model-api-reference/image-generation-api/flux-dev): the request is the model's
// input ({ prompt, seed, image_size, num_inference_steps, guidance_scale, enable_safety_checker, ... }) and the
// result is { images: [{ url, width, height, content_type }], timings, seed, has_nsfw_concepts, prompt }. Neither
// names the endpoint or a version: the model is the endpoint id the client called (`fal-ai/flux/dev`), which a
// record may keep as `endpoint_id`/`model`, and fal has no version pin for it.
import {
  emptyParsed,
  firstText,
  isObject,
  missingPinWarning,
  modelVersionField,
  postprocessFlags,
  seedFields,
  seedWarnings,
  text,
  type RecordParts,
  type RunRecordParser,
} from './run-record-json';

function isFalResult(o: RecordParts['response']): boolean {
  return o !== null && Array.isArray(o.images) && ('timings' in o || 'has_nsfw_concepts' in o);
}

export const falParser: RunRecordParser = {
  provider: 'fal',
  matches(parts) {
    return (
      isFalResult(parts.response) ||
      isFalResult(parts.request) ||
      (parts.request !== null && 'enable_safety_checker' in parts.request && 'image_size' in parts.request)
    );
  },
  parse(parts) {
    // A single file holding only the result is its own request half too.
    const result = isFalResult(parts.response) ? parts.response : isFalResult(parts.request) ? parts.request : null;
    const request = parts.request && parts.request !== result ? parts.request : null;
    const out = emptyParsed('fal', 'fal model API');
    out.model = firstText([request, result], ['endpoint_id', 'model_id', 'model']);
    const named = modelVersionField([request, result]);
    if (named) {
      out.versionPin = named.pin;
      out.versionPinField = named.field;
    }
    Object.assign(out, seedFields(request, result));
    out.prompt = firstText([request, result], ['prompt']);
    out.postprocess = postprocessFlags(request);
    if (!out.postprocess.some((f) => f.kind === 'safety-filter') && result && Array.isArray(result.has_nsfw_concepts)) {
      // enable_safety_checker defaults to true on fal's image endpoints; the result's has_nsfw_concepts shows it ran.
      out.postprocess.push({
        kind: 'safety-filter',
        field: 'enable_safety_checker (default)',
        value: 'true',
        on: true,
        turnOff: '"enable_safety_checker": false',
      });
    }
    if (!out.model)
      out.warnings.push(
        'the record does not name the fal endpoint (e.g. fal-ai/flux/dev); keep the endpoint id beside the request',
      );
    if (!out.versionPin)
      out.warnings.push(
        missingPinWarning(
          'fal',
          'fal endpoints have no version parameter: record the endpoint id and the date, or run the weights on a host that pins versions (Replicate, your own deployment).',
        ),
      );
    out.warnings.push(...seedWarnings(out, 'fal'));
    const images = result && Array.isArray(result.images) ? result.images : [];
    if (images.length > 1)
      out.warnings.push(
        `the result holds ${images.length} images from one seed; which one this file is cannot be told from the record`,
      );
    if (images.some((i) => isObject(i) && text(i.content_type) === 'image/jpeg'))
      out.warnings.push(
        'fal returned JPEG (output_format "jpeg"): lossy, so pixel hashes of two runs differ even from identical latents; request "output_format": "png"',
      );
    return out;
  },
};
