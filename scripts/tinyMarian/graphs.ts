/**
 * The weights and ONNX graphs of the tiny generated translation models (scripts/make-tiny-marian.ts,
 * scripts/make-tiny-nllb.ts). Both shapes share them: transformers.js runs Marian and M2M100/NLLB models
 * through the same encoder + merged-decoder contract (see /work/shared/notes/transformers-marian.md).
 *
 * How the deterministic weights work: the encoder embeds each source token as the one-hot vector of its
 * target token; at step n the merged decoder reads the encoder state at source position n (n = the length of
 * its decoder cache) and projects it to logits. The source ends with `</s>`, whose target is `</s>`, so
 * generation stops there. The decoder cache grows by one position per step, as a real one does, and the
 * encoder cache is passed through an `If` on `use_cache_branch`, as in the exported decoders.
 */
import { floatTensor, graph, int64Tensor, node, valueInfo } from './onnxBuild.ts';
import type { TinyVocab } from './vocab.ts';

/** Attention heads of the tiny models (d_model is rounded up to a multiple of it). */
export const HEADS = 2;

export interface Weights {
  /** [vocab, dModel] */
  embedding: Float32Array;
  /** [dModel, vocab] */
  lmHead: Float32Array;
}

export function transliterationWeights(vocab: TinyVocab, dModel: number): Weights {
  const v = vocab.pieces.length;
  const embedding = new Float32Array(v * dModel);
  for (let src = 0; src < v; src++) embedding[src * dModel + vocab.targetOf[src]] = 10;
  const lmHead = new Float32Array(dModel * v);
  for (let i = 0; i < v; i++) lmHead[i * v + i] = 1;
  return { embedding, lmHead };
}

export function randomWeights(v: number, dModel: number, seed: number): Weights {
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

export function encoderGraph(v: number, dModel: number, embedding: Float32Array) {
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

export function decoderGraph(v: number, dModel: number, layers: number, lmHead: Float32Array) {
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
