import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { formatA1111Infotext } from '../../shared/a1111-text';
import type { SidecarRecord } from '../../shared/sidecar';
import { exportSidecars } from './export-sidecars';
import { sidecarPathFor } from '../images/sidecar-paths';
import { escapeXmlText, formatXmpSidecar } from './xmp-sidecar';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const dir = mkdtempSync(path.join(tmpdir(), 'seedscope-xmp-'));
after(() => rmSync(dir, { recursive: true, force: true }));

type ExiftoolJson = Record<string, string | number>;

/** exiftool (Debian libimage-exiftool-perl) is the reader digiKam's and darktable's users check sidecars with. */
function exiftool(file: string): ExiftoolJson {
  // -n: values as written (no number reformatting); -G1: group names show the namespace.
  const out = execFileSync('exiftool', ['-j', '-n', '-G1', '-struct', file], { encoding: 'utf8' });
  return (JSON.parse(out) as ExiftoolJson[])[0];
}

test('exiftool reads the exported XMP back: prompt as dc:description, generator as CreatorTool, the tuple in our namespace', async () => {
  const image = path.join(dir, 'sd-webui.png');
  copyFileSync(path.join(CORPUS, 'a1111', 'sdm_png_sd-webui.png'), image);
  const [outcome] = await exportSidecars(image, ['xmp', 'json']);
  assert.ok(outcome.ok);
  const xmpFile = sidecarPathFor(image, 'xmp');
  assert.equal(xmpFile, `${image}.xmp`, 'darktable/digiKam naming');
  const record = JSON.parse(readFileSync(sidecarPathFor(image, 'json'), 'utf8')) as SidecarRecord;
  const tags = exiftool(xmpFile);
  assert.equal(tags['XMP-dc:Description'], record.tuple?.prompt);
  assert.match(String(record.tuple?.prompt), /テスト\n$/, 'fixture: a non-ASCII prompt ending in a newline');
  assert.equal(tags['XMP-xmp:CreatorTool'], 'AUTOMATIC1111 v1.10.1');
  assert.equal(String(tags['XMP-seedscope:Seed']), '3782896554');
  assert.equal(tags['XMP-seedscope:Steps'], 20);
  assert.equal(tags['XMP-seedscope:CFGScale'], 7);
  assert.equal(tags['XMP-seedscope:Sampler'], 'DPM++ 2M');
  assert.equal(tags['XMP-seedscope:Scheduler'], 'Karras');
  assert.equal(tags['XMP-seedscope:Model'], 'waiIllustriousSDXL_v160');
  assert.equal(tags['XMP-seedscope:ModelHash'], '45a21ea00a');
  assert.equal(tags['XMP-seedscope:NegativePrompt'], record.tuple?.negativePrompt);
  assert.equal(tags['XMP-seedscope:PixelSHA256'], record.pixels?.sha256);
  assert.equal(tags['XMP-seedscope:FileSHA256'], record.image.fileSha256);
  assert.deepEqual(JSON.parse(String(tags['XMP-seedscope:Tuple'])), record.tuple, 'the whole tuple survives as JSON');
  assert.equal(tags['XMP-seedscope:Parameters'], formatA1111Infotext(record.tuple!));
});

test('hostile prompt text is escaped so the XMP stays well-formed and reads back exactly', async () => {
  const image = path.join(dir, 'metahub.png');
  copyFileSync(path.join(CORPUS, 'a1111', 'metahub_cli_a1111.png'), image);
  const [outcome] = await exportSidecars(image, ['json']);
  assert.ok(outcome.ok);
  const record = JSON.parse(readFileSync(sidecarPathFor(image, 'json'), 'utf8')) as SidecarRecord;
  const prompt =
    '<img src=x onerror=alert(1)> & </rdf:li></rdf:Alt> ]]> "quoted" \'single\'\r\nline two\u200b, <lora:x:0.5>';
  const hostile: SidecarRecord = {
    ...record,
    tuple: {
      ...record.tuple!,
      prompt,
      negativePrompt: 'bell\u0007 and \uD800 lone surrogate',
      software: { name: 'Tool <&>', version: null },
    },
  };
  const file = path.join(dir, 'hostile.png.xmp');
  writeFileSync(file, formatXmpSidecar(hostile));
  const tags = exiftool(file);
  assert.equal(tags['XMP-dc:Description'], prompt, 'markup, CRLF and zero-width space read back byte for byte');
  assert.equal(tags['XMP-xmp:CreatorTool'], 'Tool <&>');
  assert.equal(
    tags['XMP-seedscope:NegativePrompt'],
    'bell\uFFFD and \uFFFD lone surrogate',
    'characters XML cannot carry become U+FFFD',
  );
  assert.deepEqual(
    JSON.parse(String(tags['XMP-seedscope:Tuple'])).negativePrompt,
    'bell\u0007 and \uD800 lone surrogate',
    'the Tuple JSON keeps them exactly',
  );
  // exiftool -X re-serialises the parsed RDF: it only succeeds on well-formed XML.
  const rdf = execFileSync('exiftool', ['-X', file], { encoding: 'utf8' });
  assert.match(rdf, /XMP-seedscope:Seed>2895438046</);
});

test('escapeXmlText leaves ordinary text alone and escapes markup', () => {
  assert.equal(escapeXmlText('a cat, 1girl'), 'a cat, 1girl');
  assert.equal(escapeXmlText('<b>&</b>\r'), '&lt;b&gt;&amp;&lt;/b&gt;&#xD;');
  assert.equal(escapeXmlText('😀 emoji stays'), '😀 emoji stays');
});
