/**
 * What the licence of a model Raqib documents allows, for `raqib models check|fetch` to say before anyone
 * deploys it. Model cards can change: the README's "Translation" section is the fuller account, and a model
 * not listed here is "check its model card".
 */
const LICENCES: ReadonlyArray<{ pattern: RegExp; licence: string }> = [
  // facebook/nllb-200-*: weights released under CC-BY-NC-4.0
  { pattern: /(^|\/)nllb-200/i, licence: 'CC-BY-NC-4.0: non-commercial use only' },
  // Helsinki-NLP/opus-mt-* (and Xenova's ONNX conversions): Apache-2.0 or CC-BY-4.0 on their model cards
  { pattern: /(^|\/)opus-mt-/i, licence: 'Apache-2.0 / CC-BY-4.0 (see its card): commercial use allowed, with attribution' },
];

export function modelLicence(model: string): string {
  return LICENCES.find((l) => l.pattern.test(model))?.licence ?? 'unknown: check the model card before deploying it';
}
