/**
 * English→German phrase pairs from the FreeDict English–German dictionary (Debian {@code dict-freedict-eng-deu},
 * dictd format): fetching and checksums, parsing, cleaning, a seeded split by headword, and the character vocabulary.
 * The dictionary is GPL: nothing read or derived from it is ever written into the repository.
 */
package io.smoothkd.translation.data;
