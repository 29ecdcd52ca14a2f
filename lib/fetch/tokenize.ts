import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/**
 * Runs htmlparser2's tokenizer alone over `text` (no tree builder: linear, no recursion, nothing kept) with
 * the callbacks given; the others do nothing. A callback may call `stop()` to end the scan early.
 */
export function tokenize(
  text: string,
  options: { xmlMode?: boolean; decodeEntities: boolean },
  callbacks: (stop: () => void) => Partial<TokenizerCallbacks>,
): void {
  const noop = () => {};
  let tokenizer: Tokenizer | undefined;
  const given = callbacks(() => tokenizer?.pause());
  tokenizer = new Tokenizer(options, {
    onattribdata: noop,
    onattribentity: noop,
    onattribend: noop,
    onattribname: noop,
    oncdata: noop,
    onclosetag: noop,
    oncomment: noop,
    ondeclaration: noop,
    onend: noop,
    onopentagend: noop,
    onopentagname: noop,
    onprocessinginstruction: noop,
    onselfclosingtag: noop,
    ontext: noop,
    ontextentity: noop,
    ...given,
  });
  tokenizer.write(text);
  if (tokenizer.running) tokenizer.end();
}
