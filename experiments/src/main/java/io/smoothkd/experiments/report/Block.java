package io.smoothkd.experiments.report;

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

    /** A figure: a PNG written to {@code plots/} (Markdown links it, HTML embeds it). */
    record Figure(Plot plot) implements Block {
    }
}
