/**
 * Writes a tiny MarianMT-shaped model that transformers.js 2.17 loads and runs exactly as it would
 * `Xenova/opus-mt-ar-en`: the same files, the same tokenizer class and the same ONNX input/output names
 * (see /work/shared/notes/transformers-marian.md). No hub is reachable from our machines, so tests and
 * benchmarks run the real loading and generation code through this model.
 *
 * By default its weights are not random but make it transliterate letter by letter (قيس الخزعلي →
 * "qys alkhzʿly"; Latin text is copied), so tests can assert exact outputs. `{ random: true }` gives the
 * gibberish-producing random weights instead.
 *
 *   npx tsx scripts/make-tiny-marian.ts <dir> [--random]
 *
 * How it works: the encoder embeds each source token as the one-hot vector of its target token; at step n
 * the merged decoder reads the encoder state at source position n (n = the length of its decoder cache) and
 * projects it to logits. The source ends with `</s>`, whose target is `</s>`, so generation stops there.
 * The decoder cache grows by one position per step, as a real one does, and the encoder cache is passed
 * through an `If` on `use_cache_branch`, as in the exported Marian decoders.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeModel, floatTensor, graph, int64Tensor, node, valueInfo } from './tinyMarian/onnxBuild.ts';
import { buildVocab, EOS, METASPACE, PAD, UNK, type TinyVocab } from './tinyMarian/vocab.ts';

export interface TinyMarianOptions {
  /** Random weights (gibberish output) instead of the deterministic transliteration. */
  random?: boolean;
  /** Seed for the random weights. */
  seed?: number;
  /** Decoder layers, i.e. how many past_key_values.{i}.* groups the decoder takes. */
  decoderLayers?: number;
  /** tokenizer_config.json model_max_length: longer inputs are truncated by the pipeline. */
  modelMaxLength?: number;
}

const HEADS = 2;

/** Writes the model into `dir` (created if needed); returns the files written, relative to `dir`. */
export async function makeTinyMarian(dir: string, opts: TinyMarianOptions = {}): Promise<string[]> {
  const vocab = buildVocab();
  const layers = opts.decoderLayers ?? 2;
  const vocabSize = vocab.pieces.length;
  // d_model must split evenly over the attention heads
  const dModel = Math.ceil(vocabSize / HEADS) * HEADS;
  const weights = opts.random ? randomWeights(vocabSize, dModel, opts.seed ?? 1) : transliterationWeights(vocab, dModel);

  const files: Record<string, string | Uint8Array> = {
    'config.json': json(modelConfig(vocab, dModel, layers)),
    'generation_config.json': json({
      bos_token_id: vocab.eosId,
      decoder_start_token_id: vocab.padId,
      eos_token_id: vocab.eosId,
      pad_token_id: vocab.padId,
      max_length: 512,
      num_beams: 1,
    }),
    'tokenizer.json': json(tokenizerJson(vocab)),
    'tokenizer_config.json': json({
      tokenizer_class: 'MarianTokenizer',
      eos_token: EOS,
      unk_token: UNK,
      pad_token: PAD,
      model_max_length: opts.modelMaxLength ?? 512,
      source_lang: 'ar',
      target_lang: 'en',
    }),
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

function modelConfig(vocab: TinyVocab, dModel: number, layers: number) {
  return {
    architectures: ['MarianMTModel'],
    model_type: 'marian',
    // without it transformers.js never builds the empty pasts of the first decoder step
    is_encoder_decoder: true,
    d_model: dModel,
    encoder_layers: 1,
    decoder_layers: layers,
    encoder_attention_heads: HEADS,
    decoder_attention_heads: HEADS,
    vocab_size: vocab.pieces.length,
    decoder_vocab_size: vocab.pieces.length,
    decoder_start_token_id: vocab.padId,
    pad_token_id: vocab.padId,
    eos_token_id: vocab.eosId,
    bos_token_id: vocab.eosId,
    max_position_embeddings: 512,
    share_encoder_decoder_embeddings: true,
  };
}

function tokenizerJson(vocab: TinyVocab) {
  const special = (id: number) => ({
    id,
    content: vocab.pieces[id],
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(vocab.eosId), special(vocab.unkId), special(vocab.padId)],
    normalizer: null,
    pre_tokenizer: { type: 'Metaspace', replacement: METASPACE, add_prefix_space: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: EOS, type_id: 0 } }],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 0 } }, { SpecialToken: { id: EOS, type_id: 0 } }],
      special_tokens: { [EOS]: { id: EOS, ids: [vocab.eosId], tokens: [EOS] } },
    },
    decoder: { type: 'Metaspace', replacement: METASPACE, add_prefix_space: true },
    // equal scores: the fewest pieces win, and every source letter is a piece of its own
    model: { type: 'Unigram', unk_id: vocab.unkId, vocab: vocab.pieces.map((p) => [p, p.length > 1 && !p.startsWith('<') ? -1.5 : -2]) },
  };
}

interface Weights {
  /** [vocab, dModel] */
  embedding: Float32Array;
  /** [dModel, vocab] */
  lmHead: Float32Array;
}

function transliterationWeights(vocab: TinyVocab, dModel: number): Weights {
  const v = vocab.pieces.length;
  const embedding = new Float32Array(v * dModel);
  for (let src = 0; src < v; src++) embedding[src * dModel + vocab.targetOf[src]] = 10;
  const lmHead = new Float32Array(dModel * v);
  for (let i = 0; i < v; i++) lmHead[i * v + i] = 1;
  return { embedding, lmHead };
}

function randomWeights(v: number, dModel: number, seed: number): Weights {
  // mulberry32: a seeded generator, so a "random" model is the same on every run
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return { embedding: Float32Array.from({ length: v * dModel }, next), lmHead: Float32Array.from({ length: dModel * v }, next) };
}

function encoderGraph(v: number, dModel: number, embedding: Float32Array) {
  return graph('tiny_marian_encoder', {
    inputs: [valueInfo('input_ids', 'int64', ['batch', 'seq']), valueInfo('attention_mask', 'int64', ['batch', 'seq'])],
    outputs: [valueInfo('last_hidden_state', 'float', ['batch', 'seq', dModel])],
    initializers: [floatTensor('embed_tokens', [v, dModel], embedding), int64Tensor('axis_2', [1], [2])],
    nodes: [
      node('Gather', ['embed_tokens', 'input_ids'], ['embedded'], { axis: 0 }),
      node('Cast', ['attention_mask'], ['mask_f'], { to: 1 }),
      node('Unsqueeze', ['mask_f', 'axis_2'], ['mask_3d']),
      // padding positions carry nothing, as in a real encoder's masked output
      node('Mul', ['embedded', 'mask_3d'], ['last_hidden_state']),
    ],
  });
}

function decoderGraph(v: number, dModel: number, layers: number, lmHead: Float32Array) {
  const dk = dModel / HEADS;
  const past = (i: number, side: 'decoder' | 'encoder', kv: 'key' | 'value') => `past_key_values.${i}.${side}.${kv}`;
  const present = (i: number, side: 'decoder' | 'encoder', kv: 'key' | 'value') => `present.${i}.${side}.${kv}`;
  const kvs = ['key', 'value'] as const;
  const range = [...Array(layers).keys()];

  const inputs = [
    valueInfo('encoder_attention_mask', 'int64', ['batch', 'encoder_seq']),
    valueInfo('input_ids', 'int64', ['batch', 'decoder_seq']),
    valueInfo('encoder_hidden_states', 'float', ['batch', 'encoder_seq', dModel]),
    ...range.flatMap((i) => [
      ...kvs.map((kv) => valueInfo(past(i, 'decoder', kv), 'float', ['batch', HEADS, 'past_decoder_seq', dk])),
      ...kvs.map((kv) => valueInfo(past(i, 'encoder', kv), 'float', ['batch', HEADS, 'encoder_seq_past', dk])),
    ]),
    valueInfo('use_cache_branch', 'bool', [1]),
  ];
  const outputs = [
    valueInfo('logits', 'float', ['batch', 1, v]),
    ...range.flatMap((i) => [
      ...kvs.map((kv) => valueInfo(present(i, 'decoder', kv), 'float', ['batch', HEADS, 'present_decoder_seq', dk])),
      ...kvs.map((kv) => valueInfo(present(i, 'encoder', kv), 'float')),
    ]),
  ];

  // use_cache_branch true: the encoder cache passes through; false (first step): it is made from the
  // encoder states, [batch, seq, dModel] -> [batch, heads, seq, dk]
  const encoderCacheNames = range.flatMap((i) => kvs.map((kv) => present(i, 'encoder', kv)));
  const thenBranch = graph('use_cache', {
    nodes: range.flatMap((i) => kvs.map((kv) => node('Identity', [past(i, 'encoder', kv)], [`cached_${i}_${kv}`]))),
    outputs: range.flatMap((i) => kvs.map((kv) => valueInfo(`cached_${i}_${kv}`, 'float'))),
  });
  const elseBranch = graph('fresh_cache', {
    nodes: [
      node('Reshape', ['encoder_hidden_states', 'heads_shape'], ['enc_heads']),
      node('Transpose', ['enc_heads'], ['enc_cache'], { perm: [0, 2, 1, 3] }),
      ...range.flatMap((i) => kvs.map((kv) => node('Identity', ['enc_cache'], [`fresh_${i}_${kv}`]))),
    ],
    outputs: range.flatMap((i) => kvs.map((kv) => valueInfo(`fresh_${i}_${kv}`, 'float'))),
  });

  return graph('tiny_marian_decoder', {
    inputs,
    outputs,
    initializers: [
      floatTensor('lm_head', [dModel, v], lmHead),
      int64Tensor('one_idx', [], [1]),
      int64Tensor('two_idx', [], [2]),
      int64Tensor('axes_1', [1], [1]),
      int64Tensor('axes_1_3', [2], [1, 3]),
      int64Tensor('heads_shape', [4], [0, 0, HEADS, dk]),
      floatTensor('kv_zeros', [1, HEADS, 1, dk], new Float32Array(HEADS * dk)),
    ],
    nodes: [
      // step n reads source position n: n = cached decoder length + new tokens - 1, kept inside the source
      node('Shape', [past(0, 'decoder', 'key')], ['past_shape']),
      node('Gather', ['past_shape', 'two_idx'], ['past_len'], { axis: 0 }),
      node('Shape', ['input_ids'], ['ids_shape']),
      node('Gather', ['ids_shape', 'one_idx'], ['new_len'], { axis: 0 }),
      node('Add', ['past_len', 'new_len'], ['total_len']),
      node('Sub', ['total_len', 'one_idx'], ['step']),
      node('Shape', ['encoder_hidden_states'], ['enc_shape']),
      node('Gather', ['enc_shape', 'one_idx'], ['enc_len'], { axis: 0 }),
      node('Sub', ['enc_len', 'one_idx'], ['last_pos']),
      node('Min', ['step', 'last_pos'], ['source_pos']),
      node('Gather', ['encoder_hidden_states', 'source_pos'], ['state'], { axis: 1 }),
      node('MatMul', ['state', 'lm_head'], ['logits_2d']),
      node('Unsqueeze', ['logits_2d', 'axes_1'], ['logits']),
      // the decoder cache grows by the new positions: [batch, heads, past + new, dk]
      node('Cast', ['input_ids'], ['ids_f'], { to: 1 }),
      node('Unsqueeze', ['ids_f', 'axes_1_3'], ['ids_4d']),
      node('Mul', ['ids_4d', 'kv_zeros'], ['new_kv']),
      ...range.flatMap((i) => kvs.map((kv) => node('Concat', [past(i, 'decoder', kv), 'new_kv'], [present(i, 'decoder', kv)], { axis: 2 }))),
      node('If', ['use_cache_branch'], encoderCacheNames, { then_branch: thenBranch, else_branch: elseBranch }),
    ],
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: npx tsx scripts/make-tiny-marian.ts <dir> [--random]\n');
    process.exit(2);
  }
  const written = await makeTinyMarian(dir, { random: process.argv.includes('--random') });
  process.stdout.write(`${written.length} files written to ${dir}\n`);
}
