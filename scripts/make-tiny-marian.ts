/**
 * Writes a tiny MarianMT-shaped model that transformers.js 2.17 loads and runs exactly as it would
 * `Xenova/opus-mt-ar-en`: the same files, the same tokenizer class and the same ONNX input/output names
 * (see /work/shared/notes/transformers-marian.md). No hub is reachable from our machines, so tests and
 * benchmarks run the real loading and generation code through this model. Its NLLB-shaped sibling is
 * scripts/make-tiny-nllb.ts; the weights and graphs they share are in scripts/tinyMarian/graphs.ts.
 *
 * By default its weights are not random but make it transliterate letter by letter (قيس الخزعلي →
 * "qys alkhzʿly"; Latin text is copied), so tests can assert exact outputs. `{ random: true }` gives the
 * gibberish-producing random weights instead.
 *
 *   npx tsx scripts/make-tiny-marian.ts <dir> [--random]
 */
import { pathToFileURL } from 'node:url';
import { buildVocab, EOS, PAD, UNK } from './tinyMarian/vocab.ts';
import {
  generatorCli,
  seq2seqConfig,
  templateProcessing,
  writeTinyModel,
  type TinyModelOptions,
  type TinyModelShape,
} from './tinyMarian/writeModel.ts';

export type TinyMarianOptions = TinyModelOptions;

/** The Marian shape: opus-mt's config keys, MarianTokenizer, source sentences framed by `</s>` only. */
export function marianShape(): TinyModelShape {
  const vocab = buildVocab('marian');
  const size = vocab.pieces.length;
  return {
    vocab,
    config: (dModel, layers) => ({
      ...seq2seqConfig(vocab, dModel, layers),
      architectures: ['MarianMTModel'],
      model_type: 'marian',
      decoder_vocab_size: size,
      decoder_start_token_id: vocab.padId,
      bos_token_id: vocab.eosId,
      share_encoder_decoder_embeddings: true,
    }),
    generationConfig: {
      bos_token_id: vocab.eosId,
      decoder_start_token_id: vocab.padId,
      eos_token_id: vocab.eosId,
      pad_token_id: vocab.padId,
      max_length: 512,
      num_beams: 1,
    },
    tokenizerConfig: { tokenizer_class: 'MarianTokenizer', eos_token: EOS, unk_token: UNK, pad_token: PAD, source_lang: 'ar', target_lang: 'en' },
    postProcessor: templateProcessing(vocab, []),
  };
}

/** Writes the model into `dir` (created if needed); returns the files written, relative to `dir`. */
export function makeTinyMarian(dir: string, opts: TinyMarianOptions = {}): Promise<string[]> {
  return writeTinyModel(dir, marianShape(), opts);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await generatorCli('scripts/make-tiny-marian.ts', makeTinyMarian);
