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
import {
  generatorCli,
  seq2seqConfig,
  templateProcessing,
  writeTinyModel,
  type TinyModelOptions,
  type TinyModelShape,
} from './tinyMarian/writeModel.ts';

/** The codes the tiny model knows: the languages Raqib labels, in NLLB-200's spelling. */
export const TINY_NLLB_LANGUAGES = ['arb_Arab', 'ckb_Arab', 'eng_Latn', 'pes_Arab', 'urd_Arab'] as const;

export interface TinyNllbOptions extends TinyModelOptions {
  /** Language codes (special tokens); default TINY_NLLB_LANGUAGES. */
  languages?: readonly string[];
}

/** The NLLB shape: NLLB-200's special-token layout and config keys, NllbTokenizer, `[src_lang] … </s>` sources. */
export function nllbShape(languages: readonly string[] = TINY_NLLB_LANGUAGES): TinyModelShape {
  const vocab = buildVocab('nllb', languages);
  const bos = vocab.pieces.indexOf(BOS);
  return {
    vocab,
    config: (dModel, layers) => ({
      ...seq2seqConfig(vocab, dModel, layers),
      architectures: ['M2M100ForConditionalGeneration'],
      model_type: 'm2m_100',
      bos_token_id: bos,
      decoder_start_token_id: vocab.eosId,
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await generatorCli('scripts/make-tiny-nllb.ts', makeTinyNllb);
