/**
 * Writes a tiny generated translation model's folder: config, generation config, tokenizer files and the
 * encoder and merged decoder ONNX files, under the names transformers.js 2.17 loads (quantized and not).
 * The Marian and the NLLB-shaped generators differ only in their vocabulary layout and JSON files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decoderGraph, encoderGraph, HEADS, randomWeights, transliterationWeights } from './graphs.ts';
import { encodeModel } from './onnxBuild.ts';
import { METASPACE, type TinyVocab } from './vocab.ts';

export interface TinyModelOptions {
  /** Random weights (gibberish output) instead of the deterministic transliteration. */
  random?: boolean;
  /** Seed for the random weights. */
  seed?: number;
  /** Decoder layers, i.e. how many past_key_values.{i}.* groups the decoder takes. */
  decoderLayers?: number;
  /** tokenizer_config.json model_max_length: longer inputs are truncated by the pipeline. */
  modelMaxLength?: number;
}

/** What makes a tiny model Marian- or NLLB-shaped. */
export interface TinyModelShape {
  vocab: TinyVocab;
  /** config.json, given the model width and the decoder layers */
  config(dModel: number, layers: number): Record<string, unknown>;
  generationConfig: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  /** tokenizer.json's post_processor: which special tokens frame a source sentence */
  postProcessor: Record<string, unknown>;
}

/** Writes the model into `dir` (created if needed); returns the files written, relative to `dir`. */
export async function writeTinyModel(dir: string, shape: TinyModelShape, opts: TinyModelOptions = {}): Promise<string[]> {
  const { vocab } = shape;
  const layers = opts.decoderLayers ?? 2;
  const vocabSize = vocab.pieces.length;
  // d_model must split evenly over the attention heads
  const dModel = Math.ceil(vocabSize / HEADS) * HEADS;
  const weights = opts.random ? randomWeights(vocabSize, dModel, opts.seed ?? 1) : transliterationWeights(vocab, dModel);
  const files: Record<string, string | Uint8Array> = {
    'config.json': json(shape.config(dModel, layers)),
    'generation_config.json': json(shape.generationConfig),
    'tokenizer.json': json(tokenizerJson(vocab, shape.postProcessor)),
    'tokenizer_config.json': json({ ...shape.tokenizerConfig, model_max_length: opts.modelMaxLength ?? 512 }),
  };
  const encoder = encodeModel(encoderGraph(vocabSize, dModel, weights.embedding));
  const decoder = encodeModel(decoderGraph(vocabSize, dModel, layers, weights.lmHead));
  // transformers.js loads the *_quantized names by default; the tiny model is the same either way
  for (const suffix of ['', '_quantized']) {
    files[`onnx/encoder_model${suffix}.onnx`] = encoder;
    files[`onnx/decoder_model_merged${suffix}.onnx`] = decoder;
  }
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await Promise.all(Object.entries(files).map(([name, body]) => writeFile(join(dir, name), body)));
  return Object.keys(files);
}

function json(v: unknown): string {
  return JSON.stringify(v, null, 2) + '\n';
}

function tokenizerJson(vocab: TinyVocab, postProcessor: Record<string, unknown>) {
  const added = vocab.special.map((content) => ({
    id: vocab.pieces.indexOf(content),
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: { type: 'Metaspace', replacement: METASPACE, add_prefix_space: true },
    post_processor: postProcessor,
    decoder: { type: 'Metaspace', replacement: METASPACE, add_prefix_space: true },
    // equal scores: the fewest pieces win, and every source letter is a piece of its own
    model: { type: 'Unigram', unk_id: vocab.unkId, vocab: vocab.pieces.map((p) => [p, p.length > 1 && !vocab.special.includes(p) ? -1.5 : -2]) },
  };
}

/** The config.json keys both shapes share: layout, sizes and the special token ids transformers.js reads. */
export function seq2seqConfig(vocab: TinyVocab, dModel: number, layers: number): Record<string, unknown> {
  return {
    // without it transformers.js never builds the empty pasts of the first decoder step
    is_encoder_decoder: true,
    d_model: dModel,
    encoder_layers: 1,
    decoder_layers: layers,
    encoder_attention_heads: HEADS,
    decoder_attention_heads: HEADS,
    vocab_size: vocab.pieces.length,
    pad_token_id: vocab.padId,
    eos_token_id: vocab.eosId,
    max_position_embeddings: 512,
  };
}

/** `npx tsx scripts/make-tiny-<shape>.ts <dir> [--random]`: writes the model and says where. */
export async function generatorCli(script: string, make: (dir: string, opts: TinyModelOptions) => Promise<string[]>): Promise<void> {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write(`usage: npx tsx ${script} <dir> [--random]\n`);
    process.exit(2);
  }
  const written = await make(dir, { random: process.argv.includes('--random') });
  process.stdout.write(`${written.length} files written to ${dir}\n`);
}

/** A TemplateProcessing post-processor: `prefix` special tokens, the sentence, then `</s>`. */
export function templateProcessing(vocab: TinyVocab, prefix: readonly string[]) {
  const eos = vocab.pieces[vocab.eosId];
  const special = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  const tokens = [...new Set([...prefix, eos])];
  return {
    type: 'TemplateProcessing',
    single: [...prefix.map(special), { Sequence: { id: 'A', type_id: 0 } }, special(eos)],
    pair: [...prefix.map(special), { Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 0 } }, special(eos)],
    special_tokens: Object.fromEntries(tokens.map((t) => [t, { id: t, ids: [vocab.pieces.indexOf(t)], tokens: [t] }])),
  };
}
