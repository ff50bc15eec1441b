// Hostile C2PA data: the CBOR decoder and JUMBF walker get truncated, lying, deep and prototype-keyed input
// and must answer with an error or warning, never a crash, a hang or a huge allocation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CborError, decodeCbor } from './cbor';
import { parseJumbf } from './jumbf';
import { readC2paStore, readC2paSummary } from './manifest-store';

function box(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

function superbox(kind: string, label: string, children: Buffer[]): Buffer {
  const uuid = Buffer.concat([Buffer.from(kind, 'latin1'), Buffer.from('00110010800000aa00389b71', 'hex')]);
  const jumd = box('jumd', Buffer.concat([uuid, Buffer.from([0x03]), Buffer.from(`${label}\0`, 'utf8')]));
  return box('jumb', Buffer.concat([jumd, ...children]));
}

/** Minimal CBOR encoder for the test's own manifests: maps of text keys, arrays, text. */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number): Buffer =>
    n < 24
      ? Buffer.from([(major << 5) | n])
      : n < 256
        ? Buffer.from([(major << 5) | 24, n])
        : Buffer.from([(major << 5) | 25, n >> 8, n & 255]);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  const entries = Object.entries(value as Record<string, unknown>);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

function manifest(label: string, claim: unknown, actions: unknown): Buffer {
  return superbox('c2ma', label, [
    superbox('c2as', 'c2pa.assertions', [superbox('cbor', 'c2pa.actions.v2', [box('cbor', cbor(actions))])]),
    superbox('c2cl', 'c2pa.claim.v2', [box('cbor', cbor(claim))]),
  ]);
}

test('CBOR: truncated items, lying lengths and 10^4-deep nesting throw CborError quickly', () => {
  assert.throws(() => decodeCbor(Buffer.from([0x78, 0x10, 0x41])), CborError); // text of 16 bytes, 1 present
  assert.throws(() => decodeCbor(Buffer.from([0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])), CborError); // array of 2^64-1
  assert.throws(() => decodeCbor(Buffer.from([0x9a, 0x7f, 0xff, 0xff, 0xff, 0x00])), CborError); // 2^31 items in 1 byte
  assert.throws(() => decodeCbor(Buffer.alloc(10_000, 0x81)), /nesting deeper than/);
  assert.throws(() => decodeCbor(Buffer.from([0xff])), CborError);
});

test('CBOR: maps are Maps, so a __proto__ key stays data and pollutes nothing', () => {
  const value = decodeCbor(cbor({ constructor: 'b' }));
  assert.ok(value instanceof Map && value.get('constructor') === 'b');
  const proto = decodeCbor(Buffer.concat([Buffer.from([0xa1]), cbor('__proto__'), cbor({ polluted: 'yes' })]));
  assert.ok(proto instanceof Map && proto.get('__proto__') instanceof Map);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});

test('JUMBF: a box whose length runs past the end is reported, and what came before is kept', () => {
  const good = manifest(
    'urn:c2pa:one',
    { claim_generator: 'Test/1.0' },
    {
      actions: [
        {
          action: 'c2pa.created',
          digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
          softwareAgent: { name: 'm', version: '2' },
        },
      ],
    },
  );
  const liar = Buffer.from([0x7f, 0xff, 0xff, 0xff, 0x6a, 0x75, 0x6d, 0x62, 1, 2, 3]);
  const store = superbox('c2pa', 'c2pa', [good, liar]);
  const read = readC2paStore(store)!;
  assert.equal(read.summary.manifests, 1);
  assert.equal(read.summary.aiGenerated, true);
  assert.deepEqual([read.summary.softwareAgent, read.summary.softwareAgentVersion], ['m', '2']);
  assert.ok(
    read.warnings.some((w) => /declares 2147483647 bytes/.test(w)),
    read.warnings.join('; '),
  );
});

test('JUMBF: garbage, an empty store and corrupt assertion CBOR give warnings or null, never throw', () => {
  assert.equal(readC2paSummary(Buffer.from('not jumbf at all')).summary, null);
  assert.equal(parseJumbf(new Uint8Array(0)).root, null);
  assert.equal(readC2paStore(superbox('c2pa', 'c2pa', [])), null);
  const broken = superbox('c2pa', 'c2pa', [
    superbox('c2ma', 'urn:x', [
      superbox('c2as', 'c2pa.assertions', [superbox('cbor', 'c2pa.actions', [box('cbor', Buffer.from([0xbf, 0x61]))])]),
    ]),
  ]);
  const read = readC2paStore(broken)!;
  assert.equal(read.summary.aiGenerated, false);
  assert.ok(
    read.warnings.some((w) => /c2pa\.actions.*unreadable CBOR/.test(w)),
    read.warnings.join('; '),
  );
});

test('AI only from trainedAlgorithmicMedia / compositeWithTrainedAlgorithmicMedia in ANY manifest', () => {
  const edit = manifest(
    'urn:c2pa:edit',
    { claim_generator_info: [{ name: 'Editor' }] },
    {
      actions: [
        { action: 'c2pa.opened', digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/composite' },
      ],
    },
  );
  const made = manifest(
    'urn:c2pa:made',
    { claim_generator_info: { name: 'Maker' } },
    {
      actions: [
        {
          action: 'c2pa.created',
          digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
          softwareAgentIndex: 0,
        },
      ],
      softwareAgents: [{ name: 'indexed-agent' }],
    },
  );
  const both = readC2paStore(superbox('c2pa', 'c2pa', [made, edit]))!.summary;
  assert.equal(both.aiGenerated, true);
  assert.equal(both.claimGenerator, 'Editor');
  const onlyEdit = readC2paStore(superbox('c2pa', 'c2pa', [edit]))!.summary;
  assert.equal(onlyEdit.aiGenerated, false);
  assert.equal(onlyEdit.digitalSourceType, 'http://cv.iptc.org/newscodes/digitalsourcetype/composite');
});
