// Extra-network tags A1111 keeps inside the prompt text: <lora:name:te[:unet]>, <lyco:…>, <hypernet:name:w>.
// The weight that matters for pixels lives only here; the hash lives in `Lora hashes`.
import type { AdapterKind } from '../../../shared/tuple';

export interface PromptNetwork {
  kind: AdapterKind;
  name: string;
  weight: number | null;
  weights?: Record<string, number>;
}

const KINDS: Record<string, AdapterKind> = { lora: 'lora', lyco: 'lycoris', hypernet: 'hypernetwork' };

export function promptNetworks(prompt: string): PromptNetwork[] {
  const out: PromptNetwork[] = [];
  const tag = /<(lora|lyco|hypernet):([^:>]+)((?::[^:>]*)*)>/gi;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(prompt)) !== null) {
    const args = m[3]
      .split(':')
      .slice(1)
      .map((s) => s.trim());
    const numbers = args.map((a) => Number(a.replace(/^(te|unet)=/, '')));
    const weight = args.length === 0 ? 1 : Number.isFinite(numbers[0]) ? numbers[0] : null;
    const network: PromptNetwork = { kind: KINDS[m[1].toLowerCase()], name: m[2].trim(), weight };
    if (args.length >= 2 && Number.isFinite(numbers[1])) network.weights = { te: numbers[0], unet: numbers[1] };
    out.push(network);
  }
  return out;
}
