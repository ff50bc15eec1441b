// What a C2PA manifest store claims about an image: who made the claim, which software agent created it,
// the IPTC digital source type, and the actions. Signatures are NOT verified (that needs c2pa-rs and a trust
// list), so every value here is a claim by whoever wrote the file. Ingredient manifests are walked too:
// ChatGPT's active manifest only says `c2pa.opened`, and the model ("GPT-4o") sits in the parent manifest.
import type { C2paSummary } from '../../../shared/tuple';
import { decodeCbor, type CborMap, type CborValue } from './cbor';
import { parseJumbf, type JumbfSuperbox } from './jumbf';

const IPTC_AI_TYPES = ['trainedAlgorithmicMedia', 'compositeWithTrainedAlgorithmicMedia'];

export interface C2paAction {
  action: string;
  softwareAgent: string | null;
  softwareAgentVersion: string | null;
  digitalSourceType: string | null;
  /** Adobe Firefly writes its model version as an action parameter, not in softwareAgent. */
  fireflyVersion: string | null;
}

export interface C2paManifest {
  label: string | null;
  claimGenerator: string | null;
  actions: C2paAction[];
}

export interface C2paStore {
  /** In store order; the last one is the active manifest, the earlier ones are ingredients' manifests. */
  manifests: C2paManifest[];
  summary: C2paSummary;
  /** The action that created the image (its software agent names the model), if any manifest records one. */
  creation: C2paAction | null;
  warnings: string[];
}

/** Reads a C2PA manifest store (the bytes of the `jumb` superbox). Never throws; null when nothing is readable. */
export function readC2paStore(jumbf: Uint8Array): C2paStore | null {
  const warnings: string[] = [];
  let root: JumbfSuperbox | null;
  try {
    const parsed = parseJumbf(jumbf);
    warnings.push(...parsed.warnings);
    root = parsed.root;
  } catch (err) {
    warnings.push(`C2PA manifest store could not be read: ${(err as Error).message}`);
    return null;
  }
  if (!root) return null;
  const manifests = root.children
    .filter((box) => box.kind === 'c2ma' || box.kind === 'c2um')
    .map((box) => readManifest(box, warnings));
  if (manifests.length === 0) {
    warnings.push(`C2PA store '${root.label ?? '?'}' holds no manifest`);
    return null;
  }
  const allActions = manifests.flatMap((m) => m.actions);
  const aiAction = allActions.find((a) => isAiSourceType(a.digitalSourceType)) ?? null;
  const creation =
    allActions.find((a) => a.action === 'c2pa.created' && a.softwareAgent) ??
    aiAction ??
    allActions.find((a) => a.softwareAgent) ??
    null;
  const active = manifests[manifests.length - 1]!;
  const sourceType =
    aiAction?.digitalSourceType ??
    active.actions.find((a) => a.digitalSourceType)?.digitalSourceType ??
    allActions.find((a) => a.digitalSourceType)?.digitalSourceType ??
    null;
  const summary: C2paSummary = {
    claimGenerator: active.claimGenerator ?? manifests.find((m) => m.claimGenerator)?.claimGenerator ?? null,
    softwareAgent: creation?.softwareAgent ?? null,
    softwareAgentVersion: creation?.softwareAgentVersion ?? creation?.fireflyVersion ?? null,
    digitalSourceType: sourceType,
    aiGenerated: aiAction !== null,
    actions: [...new Set(allActions.map((a) => a.action))],
    manifests: manifests.length,
    verified: false,
  };
  return { manifests, summary, creation, warnings };
}

/** The dispatcher's entry point for MetadataReport.c2pa. */
export function readC2paSummary(jumbf: Uint8Array): { summary: C2paSummary | null; warnings: string[] } {
  const store = readC2paStore(jumbf);
  return store ? { summary: store.summary, warnings: store.warnings } : { summary: null, warnings: [] };
}

export function isAiSourceType(type: string | null): boolean {
  if (!type) return false;
  const last = type.slice(type.lastIndexOf('/') + 1);
  return IPTC_AI_TYPES.includes(last);
}

function readManifest(box: JumbfSuperbox, warnings: string[]): C2paManifest {
  const manifest: C2paManifest = { label: box.label, claimGenerator: null, actions: [] };
  for (const child of box.children) {
    if (child.kind === 'c2cl') {
      const claim = cborContent(child, warnings);
      if (claim instanceof Map) manifest.claimGenerator = claimGenerator(claim);
    } else if (child.kind === 'c2as') {
      for (const assertion of child.children) {
        if (!assertion.label || !/^c2pa\.actions(\.v\d+)?(__\d+)?$/.test(assertion.label)) continue;
        const body = cborContent(assertion, warnings);
        if (body instanceof Map) manifest.actions.push(...readActions(body));
      }
    }
  }
  return manifest;
}

function cborContent(box: JumbfSuperbox, warnings: string[]): CborValue {
  const content = box.contents.find((c) => c.boxType === 'cbor');
  if (!content) return null;
  try {
    return decodeCbor(content.data);
  } catch (err) {
    warnings.push(`C2PA box '${box.label ?? box.kind}' holds unreadable CBOR: ${(err as Error).message}`);
    return null;
  }
}

function text(value: CborValue): string | null {
  return typeof value === 'string' ? value : null;
}

/** C2PA 1.x claims carry `claim_generator` (a User-Agent-like string); 2.x only `claim_generator_info`. */
function claimGenerator(claim: CborMap): string | null {
  const direct = text(claim.get('claim_generator'));
  if (direct) return direct;
  const info = claim.get('claim_generator_info');
  const first = Array.isArray(info) ? info[0] : info;
  return first instanceof Map ? text(first.get('name')) : null;
}

function readActions(body: CborMap): C2paAction[] {
  const list = body.get('actions');
  if (!Array.isArray(list)) return [];
  const agents = body.get('softwareAgents');
  const out: C2paAction[] = [];
  for (const entry of list) {
    if (!(entry instanceof Map)) continue;
    const name = text(entry.get('action'));
    if (!name) continue;
    let agent = entry.get('softwareAgent');
    // C2PA 2.x may point into a `softwareAgents` array instead of naming the agent inline.
    const index = entry.get('softwareAgentIndex');
    if (agent === undefined && typeof index === 'number' && Array.isArray(agents)) agent = agents[index];
    const params = entry.get('parameters');
    out.push({
      action: name,
      softwareAgent: agent instanceof Map ? text(agent.get('name')) : text(agent ?? null),
      softwareAgentVersion: agent instanceof Map ? text(agent.get('version')) : null,
      digitalSourceType: text(entry.get('digitalSourceType')),
      fireflyVersion: params instanceof Map ? text(params.get('com.adobe.firefly.version')) : null,
    });
  }
  return out;
}
