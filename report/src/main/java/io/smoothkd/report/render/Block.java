package io.smoothkd.report.render;

import java.util.List;

/**
 * One element of the report, rendered both to Markdown and to HTML. Text is plain (no markup): the
 * renderers escape it for their format.
 */
public sealed interface Block {

    /** A heading; level 1 is the report title, sections use 2, subsections 3. */
    record Heading(int level, String text) implements Block {
    }

    /** A paragraph of plain text. */
    record Paragraph(String text) implements Block {
    }

    /** A table; every row has as many cells as the header. */
    record Table(List<String> header, List<List<String>> rows) implements Block {
        /** Copies the lists and checks the row widths. */
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
            for (List<String> row : rows) {
                if (row.size() != header.size()) {
                    throw new IllegalArgumentException("row of " + row.size() + " cells under a header of " + header.size() + ": " + row);
                }
            }
        }
    }

    /** A figure: a PNG written to {@code plots/} (Markdown links it, HTML embeds it), and its SVG beside it if any. */
    record Figure(Plot plot) implements Block {
    }

    /** A link to a file of the report folder (e.g. a table's CSV) or to an anchor ({@code #heading-slug}). */
    record Link(String text, String href) implements Block {
    }

    /** The table of contents: a link to every heading of these levels that follows. */
    record Contents(List<Heading> headings) implements Block {
        /** Copies the list. */
        public Contents {
            headings = List.copyOf(headings);
        }
    }

    /**
     * The anchors of a document's headings, in order and unique as GitHub makes them: the second heading with the
     * anchor {@code mnist} gets {@code mnist-1}, the third {@code mnist-2}. Keyed by identity (two headings of the same
     * text are different headings).
     */
    static java.util.Map<Heading, String> anchors(List<Block> blocks) {
        java.util.Map<Heading, String> out = new java.util.IdentityHashMap<>();
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (Block b : blocks) {
            if (b instanceof Heading h && !out.containsKey(h)) {
                String base = anchor(h.text());
                Integer n = seen.get(base);
                String a = n == null ? base : base + "-" + n;
                seen.put(base, n == null ? 1 : n + 1);
                seen.putIfAbsent(a, 1);
                out.put(h, a);
            }
        }
        return out;
    }

    /**
     * The anchor of a heading, as GitHub renders Markdown: lower case, spaces to '-', other punctuation dropped
     * (letters and digits of any script kept). HTML headings get the same id.
     */
    static String anchor(String heading) {
        StringBuilder s = new StringBuilder();
        heading.toLowerCase(java.util.Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                s.appendCodePoint(c);
            } else if (c == ' ') {
                s.append('-');
            }
        });
        return s.toString();
    }
}
