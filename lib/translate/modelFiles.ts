/**
 * The files transformers.js 2.17 reads for a Marian translation model, relative to `<models>/<model id>/`.
 * `quantized` picks the ONNX names the pipeline loads by default.
 */
export function modelFiles(quantized: boolean): string[] {
  const q = quantized ? '_quantized' : '';
  return [
    'config.json',
    'generation_config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    `onnx/encoder_model${q}.onnx`,
    `onnx/decoder_model_merged${q}.onnx`,
  ];
}
