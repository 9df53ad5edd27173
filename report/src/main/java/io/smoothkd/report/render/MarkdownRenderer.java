package io.smoothkd.report.render;

import java.util.List;

/** Renders blocks as GitHub-flavoured Markdown; figures link {@code plots/<file>}. */
public final class MarkdownRenderer {
    private MarkdownRenderer() {
    }

    public static String render(List<Block> blocks) {
        StringBuilder md = new StringBuilder();
        java.util.Map<Block.Heading, String> anchors = Block.anchors(blocks);
        for (Block block : blocks) {
            if (md.length() > 0) {
                md.append('\n');
            }
            if (block instanceof Block.Heading h) {
                md.append("#".repeat(h.level())).append(' ').append(inline(h.text())).append('\n');
            } else if (block instanceof Block.Paragraph p) {
                md.append(inline(p.text())).append('\n');
            } else if (block instanceof Block.Table t) {
                table(md, t);
            } else if (block instanceof Block.Figure f) {
                md.append("![").append(inline(f.plot().alt())).append("](plots/")
                        .append(f.plot().fileName()).append(")\n\n*").append(inline(f.plot().caption())).append('*');
                if (f.plot().svgFileName() != null) {
                    md.append(" ([SVG](plots/").append(f.plot().svgFileName()).append("))");
                }
                md.append('\n');
            } else if (block instanceof Block.Link l) {
                md.append('[').append(inline(l.text())).append("](").append(l.href()).append(")\n");
            } else if (block instanceof Block.Contents c) {
                for (Block.Heading h : c.headings()) {
                    md.append("  ".repeat(Math.max(0, h.level() - 2))).append("- [").append(inline(h.text()))
                            .append("](#").append(anchors.getOrDefault(h, Block.anchor(h.text()))).append(")\n");
                }
            }
        }
        return md.toString();
    }

    private static void table(StringBuilder md, Block.Table t) {
        row(md, t.header());
        md.append('|');
        md.append("---|".repeat(t.header().size()));
        md.append('\n');
        for (List<String> r : t.rows()) {
            row(md, r);
        }
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append('|');
        for (String c : cells) {
            md.append(' ').append(inline(c).replace("|", "\\|")).append(" |");
        }
        md.append('\n');
    }

    /** Plain text → Markdown: escape the characters that would start emphasis, code or an HTML tag. */
    private static String inline(String text) {
        return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")
                .replaceAll("<(?=[A-Za-z/!?])", "&lt;").replace("\n", " ");
    }
}
