'use strict';
// electron-builder `afterPack` hook: flips Electron's fuses in the packaged binary before it is signed and wrapped
// into AppImage/deb/dmg/NSIS. electron-builder 25 (the newest that runs on Node 20 here, docs/architecture.md) has
// no `electronFuses` option of its own, so electron-builder.yml names this file instead; the settings are the ones
// of Electron's security checklist:
// - RunAsNode off: ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node interpreter for any script;
// - NODE_OPTIONS and --inspect off: no code injection into the app through the environment or a debugger port;
// - cookie encryption on: the session's cookies are encrypted at rest with the OS keychain;
// - ASAR integrity and only-load-from-ASAR on: the app runs only the code packaged in its (checked) archive.
const path = require('node:path');
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses');

const FUSES = Object.freeze({
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableCookieEncryption: true,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
});

/** The packaged Electron executable (or, on macOS, the .app, which @electron/fuses resolves itself). */
function packagedExecutable(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  const wire = { version: FuseVersion.V1 };
  for (const [fuse, on] of Object.entries(FUSES)) wire[FuseV1Options[fuse]] = on;
  // Flipping fuses breaks an ad-hoc signature on Apple silicon; it is signed again afterwards.
  wire.resetAdHocDarwinSignature = context.electronPlatformName === 'darwin' && context.arch === 3; // Arch.arm64
  await flipFuses(packagedExecutable(context), wire);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.packagedExecutable = packagedExecutable;
