/**
 * Writes a tiny NLLB-200-shaped model: what `Xenova/nllb-200-distilled-600M` is to transformers.js 2.17 — an
 * `m2m_100` model with an NllbTokenizer whose special tokens include the language codes (`pes_Arab`,
 * `eng_Latn`, …). The tokenizer puts the source code first (`src_lang`), and generation starts from `</s>`
 * with the target code forced as the first token (`tgt_lang` → forced_bos_token_id), as with the real model.
 * Same weights and graphs as scripts/make-tiny-marian.ts (scripts/tinyMarian/graphs.ts): it transliterates
 * letter by letter (پیام → "pyam"), deterministic, so tests can assert exact outputs through the real
 * loading and generation code. Left to itself its first token would be the mark `#`: an output without it
 * shows the target language token was forced.
 *
 *   npx tsx scripts/make-tiny-nllb.ts <dir> [--random]
 */
import { pathToFileURL } from 'node:url';
import { BOS, buildVocab, EOS, MASK, PAD, UNK } from './tinyMarian/vocab.ts';
import { templateProcessing, writeTinyModel, type TinyModelOptions, type TinyModelShape } from './tinyMarian/writeModel.ts';

/** The codes the tiny model knows: the languages Raqib labels, in NLLB-200's spelling. */
export const TINY_NLLB_LANGUAGES = ['arb_Arab', 'ckb_Arab', 'eng_Latn', 'pes_Arab', 'urd_Arab'] as const;

export interface TinyNllbOptions extends TinyModelOptions {
  /** Language codes (special tokens); default TINY_NLLB_LANGUAGES. */
  languages?: readonly string[];
}

/** The NLLB shape: NLLB-200's special-token layout and config keys, NllbTokenizer, `[src_lang] … </s>` sources. */
export function nllbShape(languages: readonly string[] = TINY_NLLB_LANGUAGES): TinyModelShape {
  const vocab = buildVocab('nllb', languages);
  const size = vocab.pieces.length;
  const bos = vocab.pieces.indexOf(BOS);
  return {
    vocab,
    config: (dModel, layers) => ({
      architectures: ['M2M100ForConditionalGeneration'],
      model_type: 'm2m_100',
      is_encoder_decoder: true,
      d_model: dModel,
      encoder_layers: 1,
      decoder_layers: layers,
      encoder_attention_heads: 2,
      decoder_attention_heads: 2,
      vocab_size: size,
      bos_token_id: bos,
      pad_token_id: vocab.padId,
      eos_token_id: vocab.eosId,
      decoder_start_token_id: vocab.eosId,
      max_position_embeddings: 512,
      scale_embedding: true,
      tokenizer_class: 'NllbTokenizer',
    }),
    generationConfig: {
      bos_token_id: bos,
      decoder_start_token_id: vocab.eosId,
      eos_token_id: vocab.eosId,
      pad_token_id: vocab.padId,
      max_length: 200,
    },
    tokenizerConfig: {
      tokenizer_class: 'NllbTokenizer',
      bos_token: BOS,
      eos_token: EOS,
      unk_token: UNK,
      pad_token: PAD,
      mask_token: MASK,
      src_lang: 'eng_Latn',
      additional_special_tokens: [...languages],
    },
    // the real tokenizer.json frames a sentence as `eng_Latn … </s>`; transformers.js swaps in src_lang
    postProcessor: templateProcessing(vocab, ['eng_Latn']),
  };
}

/** Writes the model into `dir` (created if needed); returns the files written, relative to `dir`. */
export function makeTinyNllb(dir: string, opts: TinyNllbOptions = {}): Promise<string[]> {
  return writeTinyModel(dir, nllbShape(opts.languages), opts);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: npx tsx scripts/make-tiny-nllb.ts <dir> [--random]\n');
    process.exit(2);
  }
  const written = await makeTinyNllb(dir, { random: process.argv.includes('--random') });
  process.stdout.write(`${written.length} files written to ${dir}\n`);
}
