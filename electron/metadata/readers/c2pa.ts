// Hosted generators that embed no parameters, only a C2PA manifest (ChatGPT / OpenAI Images API, Google
// Gemini, Adobe Firefly). The tuple holds what the manifest claims: the vendor, the model (the creating
// action's softwareAgent) and its version. No prompt, seed or sampler is ever in these manifests. Runs last:
// a manifest that does not say AI (Photoshop's opened/cropped/resized) gives no tuple.
import { emptyTuple, type GeneratorId } from '../../../shared/tuple';
import { readC2paStore, type C2paStore } from '../c2pa/manifest-store';
import type { GeneratorReader, MetadataSources, ReaderResult } from '../types';

const VENDORS: Array<{ id: GeneratorId; pattern: RegExp }> = [
  { id: 'openai', pattern: /openai|chatgpt|gpt-|dall[-·]?e/i },
  { id: 'google', pattern: /google|gemini|imagen/i },
  { id: 'adobe-firefly', pattern: /firefly/i },
];

export function c2paVendor(store: C2paStore): GeneratorId {
  const names = [
    store.summary.claimGenerator,
    store.summary.softwareAgent,
    ...store.manifests.map((m) => m.claimGenerator),
  ];
  for (const vendor of VENDORS) {
    if (names.some((n) => n && vendor.pattern.test(n))) return vendor.id;
  }
  return 'c2pa';
}

export const c2paReader: GeneratorReader = {
  id: 'c2pa',
  read(sources: MetadataSources): ReaderResult | null {
    if (!sources.c2paJumbf) return null;
    const store = readC2paStore(sources.c2paJumbf);
    if (!store || !store.summary.aiGenerated) return null;
    const generator = c2paVendor(store);
    const tuple = emptyTuple(generator);
    const { summary, creation } = store;
    const origin = { source: 'c2pa:c2pa.actions' };
    if (summary.claimGenerator) {
      tuple.software = { name: summary.claimGenerator, version: null };
      tuple.origins['software'] = { source: 'c2pa:c2pa.claim' };
    }
    if (creation?.softwareAgent) {
      tuple.model = creation.softwareAgent;
      tuple.origins['model'] = origin;
    }
    const version = creation?.fireflyVersion ?? creation?.softwareAgentVersion ?? null;
    if (version) {
      tuple.modelVersion = version;
      tuple.origins['modelVersion'] = {
        source: creation?.fireflyVersion
          ? 'c2pa:c2pa.actions#parameters.com.adobe.firefly.version'
          : 'c2pa:c2pa.actions#softwareAgent.version',
      };
    }
    if (summary.digitalSourceType) tuple.extras['c2pa.digitalSourceType'] = summary.digitalSourceType;
    tuple.extras['c2pa.actions'] = summary.actions.join(', ');
    tuple.extras['c2pa.manifests'] = String(summary.manifests);
    tuple.extras['c2pa.signature'] = 'not verified';
    return { generator, tuple, warnings: store.warnings };
  },
};
