/**
 * Known GGUF models that `bac-a-sable models pull <name>` can download and that a `gguf` model
 * block may name instead of a path. Every entry is pinned to an immutable Hugging Face revision
 * and a sha256, so a download is either exactly this file or an error.
 */

export type CatalogueEntry = {
  /** Name used in the config (`model: stories260K`) and on the command line. */
  name: string;
  /** File name inside the models folder. */
  file: string;
  /** Public download URL, pinned to a commit so the bytes never change under the checksum. */
  url: string;
  sha256: string;
  sizeBytes: number;
  licence: string;
  /** One line for `models list`, in French. */
  description: string;
};

// Sizes, checksums and licences: /work/shared/models/README.md (verified against the files).
// stories260K: the `ggml-org/models` repository (llama.cpp's CI fixtures) was renamed
// `ggml-org/models-moved`; revision 499bc882… is the one pinned by several projects' fetch scripts.
// llama-2-tiny-random: `aladar/llama-2-tiny-random-GGUF`, revision 8d532191… as pinned by
// other test suites that load this file; same sha256 as our copy.
const ENTRIES: CatalogueEntry[] = [
  {
    name: 'stories260K',
    file: 'stories260K.gguf',
    url: 'https://huggingface.co/ggml-org/models-moved/resolve/499bc8821c6b12b4e53c5bffcb21ec206f212d81/tinyllamas/stories260K.gguf',
    sha256: '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d',
    sizeBytes: 1_185_376,
    licence: 'MIT',
    description: 'stories260K (Karpathy, TinyStories) : histoires pour enfants en anglais, ~260 000 paramètres, sans modèle de conversation',
  },
  {
    name: 'llama-2-tiny-random',
    file: 'llama-2-tiny-random.gguf',
    url: 'https://huggingface.co/aladar/llama-2-tiny-random-GGUF/resolve/8d5321916486e1d33c46b16990e8da6567785769/llama-2-tiny-random.gguf',
    sha256: '81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb',
    sizeBytes: 1_750_560,
    licence: 'MIT',
    description: 'llama-2-tiny-random : poids aléatoires au format Llama 2, pour tester la plomberie uniquement (texte sans aucun sens)',
  },
];

/** The catalogue, by name. */
export const GGUF_CATALOGUE: Readonly<Record<string, CatalogueEntry>> = Object.freeze(
  Object.fromEntries(ENTRIES.map((entry) => [entry.name, entry])),
);

/** The entry for a catalogue name, or undefined (names are case-sensitive, as in the config). */
export const findCatalogueEntry = (name: string): CatalogueEntry | undefined =>
  Object.hasOwn(GGUF_CATALOGUE, name) ? GGUF_CATALOGUE[name] : undefined;

/** Catalogue names, for hints and `models list`. */
export const catalogueNames = (): string[] => Object.keys(GGUF_CATALOGUE);
