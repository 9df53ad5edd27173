package io.smoothkd.translation.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * A dictd database (the format of the {@code dictd} server, RFC 2229): an index of lines
 * {@code headword TAB offset TAB length}, where offset and length are byte positions into the data file written
 * in dictd's base 64 (digits {@code A–Z a–z 0–9 + /}, most significant first), and a data file, here
 * dictzip-compressed (a gzip stream that also allows random access; read whole as gzip).
 */
public final class DictdDatabase {
    private static final String DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final byte[] data;
    private final List<IndexEntry> index;

    /** One line of the index. */
    public record IndexEntry(String headword, long offset, long length) {
    }

    private DictdDatabase(byte[] data, List<IndexEntry> index) {
        this.data = data;
        this.index = index;
    }

    /**
     * Reads an index and its gzip/dictzip data file into memory.
     *
     * @throws IOException naming the file that cannot be read or is malformed
     */
    public static DictdDatabase read(Path indexFile, Path dictFile) throws IOException {
        byte[] data;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dictFile), 1 << 16)) {
            data = in.readAllBytes();
        } catch (IOException e) {
            throw new IOException(dictFile + ": cannot read the gzip/dictzip data file (" + e.getMessage() + ")", e);
        }
        List<IndexEntry> index = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(indexFile, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = r.readLine()) != null) {
                lineNumber++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split("\t");
                if (parts.length < 3) {
                    throw new IOException(indexFile + ": line " + lineNumber + " has " + parts.length
                            + " tab-separated fields, expected headword, offset, length");
                }
                long offset;
                long length;
                try {
                    offset = decodeNumber(parts[1]);
                    length = decodeNumber(parts[2]);
                } catch (IllegalArgumentException e) {
                    throw new IOException(indexFile + ": line " + lineNumber + ": " + e.getMessage(), e);
                }
                if (offset + length > data.length) {
                    throw new IOException(indexFile + ": line " + lineNumber + " points to bytes " + offset + "+"
                            + length + ", past the end of " + dictFile + " (" + data.length + " bytes)");
                }
                index.add(new IndexEntry(parts[0], offset, length));
            }
        }
        return new DictdDatabase(data, List.copyOf(index));
    }

    /**
     * A number in dictd's base 64: digits {@code A–Z} (0–25), {@code a–z} (26–51), {@code 0–9} (52–61), {@code +}
     * (62), {@code /} (63), most significant first.
     *
     * @throws IllegalArgumentException for an empty string or a character outside the alphabet
     */
    public static long decodeNumber(String digits) {
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("empty dictd number");
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = DIGITS.indexOf(digits.charAt(i));
            if (d < 0) {
                throw new IllegalArgumentException("'" + digits + "' is not a dictd base-64 number");
            }
            value = value * 64 + d;
        }
        return value;
    }

    /** The index lines in file order. */
    public List<IndexEntry> index() {
        return index;
    }

    /** The text of one entry (UTF-8). */
    public String text(IndexEntry entry) {
        return new String(data, (int) entry.offset(), (int) entry.length(), StandardCharsets.UTF_8);
    }

    /**
     * The text of every distinct entry, in index order: several index lines may point to the same bytes, and
     * headwords starting with {@code 00} (dictd's database metadata such as {@code 00-database-info}) are skipped.
     */
    public List<String> entries() {
        Set<Long> seen = new HashSet<>();
        List<String> texts = new ArrayList<>();
        for (IndexEntry e : index) {
            if (e.headword().startsWith("00") || !seen.add(e.offset())) {
                continue;
            }
            texts.add(text(e));
        }
        return texts;
    }
}
