// Node classes that ship with ComfyUI itself (nodes.py NODE_CLASS_MAPPINGS and the comfy_extras/ nodes most
// graphs use). Anything else in a graph is a custom node: the recipe keeps it, and warns that it must be
// installed and that Seedscope cannot tell what it does to the pixels. Not exhaustive: a core node missing
// here only costs a needless warning, never a dropped node.
export const COMFY_CORE_NODES: ReadonlySet<string> = new Set([
  // nodes.py
  'KSampler', 'KSamplerAdvanced', 'CheckpointLoaderSimple', 'CheckpointLoader', 'unCLIPCheckpointLoader', 'DiffusersLoader',
  'CLIPTextEncode', 'CLIPSetLastLayer', 'CLIPLoader', 'DualCLIPLoader', 'CLIPVisionLoader', 'CLIPVisionEncode', 'StyleModelLoader',
  'StyleModelApply', 'unCLIPConditioning', 'ConditioningCombine', 'ConditioningAverage', 'ConditioningConcat', 'ConditioningSetArea',
  'ConditioningSetAreaPercentage', 'ConditioningSetAreaStrength', 'ConditioningSetMask', 'ConditioningZeroOut', 'ConditioningSetTimestepRange',
  'VAEDecode', 'VAEEncode', 'VAEEncodeForInpaint', 'VAELoader', 'VAEDecodeTiled', 'VAEEncodeTiled', 'EmptyLatentImage', 'LatentUpscale',
  'LatentUpscaleBy', 'LatentFromBatch', 'RepeatLatentBatch', 'LatentComposite', 'LatentBlend', 'LatentRotate', 'LatentFlip', 'LatentCrop',
  'SetLatentNoiseMask', 'SaveImage', 'PreviewImage', 'LoadImage', 'LoadImageMask', 'LoadImageOutput', 'ImageScale', 'ImageScaleBy', 'ImageScaleToTotalPixels',
  'ImageInvert', 'ImageBatch', 'ImagePadForOutpaint', 'EmptyImage', 'LoraLoader', 'LoraLoaderModelOnly', 'HypernetworkLoader',
  'ControlNetLoader', 'DiffControlNetLoader', 'ControlNetApply', 'ControlNetApplyAdvanced', 'ControlNetApplySD3', 'GLIGENLoader',
  'GLIGENTextBoxApply', 'UNETLoader', 'UpscaleModelLoader', 'ImageUpscaleWithModel', 'InpaintModelConditioning',
  // comfy_extras/
  'SamplerCustom', 'SamplerCustomAdvanced', 'KSamplerSelect', 'BasicScheduler', 'KarrasScheduler', 'ExponentialScheduler',
  'PolyexponentialScheduler', 'SDTurboScheduler', 'BetaSamplingScheduler', 'AlignYourStepsScheduler', 'LaplaceScheduler', 'VPScheduler',
  'SplitSigmas', 'SplitSigmasDenoise', 'FlipSigmas', 'RandomNoise', 'DisableNoise', 'BasicGuider', 'CFGGuider', 'DualCFGGuider',
  'SamplerEulerAncestral', 'SamplerEulerAncestralCFGPP', 'SamplerDPMPP_2M_SDE', 'SamplerDPMPP_3M_SDE', 'SamplerDPMPP_SDE',
  'SamplerDPMPP_2S_Ancestral', 'SamplerLMS', 'SamplerDPMAdaptative', 'FluxGuidance', 'FluxKontextImageScale', 'ReferenceLatent',
  'ModelSamplingDiscrete', 'ModelSamplingContinuousEDM', 'ModelSamplingSD3', 'ModelSamplingFlux', 'ModelSamplingAuraFlow',
  'ModelSamplingStableCascade', 'RescaleCFG', 'CLIPTextEncodeSDXL', 'CLIPTextEncodeSDXLRefiner', 'CLIPTextEncodeFlux', 'CLIPTextEncodeSD3',
  'CLIPTextEncodeHunyuanDiT', 'TripleCLIPLoader', 'QuadrupleCLIPLoader', 'EmptySD3LatentImage', 'EmptyHunyuanLatentVideo',
  'EmptyMochiLatentVideo', 'EmptyLTXVLatentVideo', 'StableCascade_EmptyLatentImage', 'StableCascade_StageB_Conditioning',
  'StableCascade_StageC_VAEEncode', 'StableCascade_SuperResolutionControlnet', 'ImageOnlyCheckpointLoader', 'SVD_img2vid_Conditioning',
  'VideoLinearCFGGuidance', 'SaveAnimatedWEBP', 'SaveAnimatedPNG', 'SaveWEBM', 'SaveVideo', 'CreateVideo', 'ImageCrop',
  'ImageBlend', 'ImageBlur', 'ImageQuantize', 'ImageSharpen', 'Canny', 'ImageCompositeMasked', 'MaskToImage', 'ImageToMask',
  'SolidMask', 'InvertMask', 'CropMask', 'MaskComposite', 'FeatherMask', 'GrowMask', 'ThresholdMask', 'PerpNeg', 'PerpNegGuider',
  'SelfAttentionGuidance', 'PatchModelAddDownscale', 'FreeU', 'FreeU_V2', 'HyperTile', 'TomePatchModel', 'CLIPMergeSimple',
  'ModelMergeSimple', 'ModelMergeBlocks', 'ModelMergeSubtract', 'ModelMergeAdd', 'CheckpointSave', 'LatentAdd', 'LatentSubtract',
  'LatentMultiply', 'LatentInterpolate', 'LatentBatch', 'LatentBatchSeedBehavior', 'PhotoMakerLoader', 'PhotoMakerEncode',
  'InstructPixToPixConditioning', 'Morphology', 'StableZero123_Conditioning', 'SD_4XUpscale_Conditioning', 'LoraModelLoader',
  'PrimitiveNode', 'PrimitiveInt', 'PrimitiveFloat', 'PrimitiveString', 'PrimitiveStringMultiline', 'PrimitiveBoolean', 'Note',
  'MarkdownNote', 'Reroute', 'ConditioningStableAudio', 'EmptyLatentAudio', 'EmptyCosmosLatentVideo', 'CLIPTextEncodeLumina2',
  'EmptyHunyuanImageLatent', 'ModelSamplingLTXV', 'LTXVConditioning', 'CFGNorm', 'TextEncodeQwenImageEdit', 'EmptyQwenImageLayeredLatentImage',
  'ImageStitch', 'ResizeAndPadImage', 'ImageScaleToMaxDimension', 'ConditioningSetAreaPercentageVideo', 'T5TokenizerOptions', 'EmptyFlux2LatentImage',
]);

export function isCoreComfyNode(classType: string): boolean {
  return COMFY_CORE_NODES.has(classType);
}
