/** Something that turns source sentences into English, one output per input, in order. */
export interface Translator {
  /** Model id, recorded with every translation (items.translation_model, the cache key). */
  readonly model: string;
  translate(texts: string[]): Promise<string[]>;
  /** Frees the model's sessions. */
  close?(): Promise<void>;
}

/** The model is absent from the model folder, or its files do not load. Names both, in one line. */
export class ModelUnavailableError extends Error {
  override name = 'ModelUnavailableError';
  constructor(
    readonly model: string,
    readonly folder: string,
    reason: string,
  ) {
    super(`model ${model} ${reason} (model folder ${folder})`);
  }
}
