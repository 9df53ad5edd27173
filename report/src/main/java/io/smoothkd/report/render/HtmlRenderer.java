package io.smoothkd.report.render;

import java.util.List;

/**
 * Renders blocks as one HTML page: inline CSS, each image its PNG under {@code plots/} beside the page (so the page
 * stays small enough to commit with a ledger, and opens from the folder as it is), links to the tables' CSVs and the
 * plots' SVGs. A small inline script records on {@code <body>} how many images decoded
 * ({@code data-images-loaded}) next to {@code data-images-total}, so a headless browser can check them.
 */
public final class HtmlRenderer {
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
            h1{font-size:1.8em;border-bottom:2px solid #ddd;padding-bottom:.3em}
            h2{margin-top:2em;border-bottom:1px solid #eee;padding-bottom:.2em}
            table{border-collapse:collapse;margin:1em 0;font-size:.9em}
            th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
            th{background:#f3f3f3}
            tr:nth-child(even) td{background:#fafafa}
            figure{margin:1.5em 0}
            img{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{font-size:.9em;color:#555}
            p.link{margin-top:-.6em;font-size:.85em}
            nav ul{list-style:none;padding-left:0}
            li.toc3{padding-left:1.5em}
            """;
    private static final String SCRIPT = """
            window.addEventListener('load',function(){var n=0,imgs=document.images;for(var i=0;i<imgs.length;i++){if(imgs[i].complete&&imgs[i].naturalWidth>0){n++;}}document.body.dataset.imagesLoaded=String(n);document.body.dataset.imagesTotal=String(imgs.length);});
            """;

    private HtmlRenderer() {
    }

    public static String render(List<Block> blocks) {
        String title = blocks.stream().filter(b -> b instanceof Block.Heading h && h.level() == 1)
                .map(b -> ((Block.Heading) b).text()).findFirst().orElse("SmoothKD report");
        long images = blocks.stream().filter(b -> b instanceof Block.Figure).count();
        StringBuilder html = new StringBuilder();
        java.util.Map<Block.Heading, String> anchors = Block.anchors(blocks);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n")
                .append("<body data-images-total=\"").append(images).append("\">\n");
        for (Block block : blocks) {
            if (block instanceof Block.Heading h) {
                html.append("<h").append(h.level()).append(" id=\"").append(escape(anchors.get(h))).append("\">")
                        .append(escape(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (block instanceof Block.Link l) {
                html.append("<p class=\"link\"><a href=\"").append(escape(l.href())).append("\">").append(escape(l.text()))
                        .append("</a></p>\n");
            } else if (block instanceof Block.Contents c) {
                html.append("<nav><ul>\n");
                for (Block.Heading h : c.headings()) {
                    html.append("<li class=\"toc").append(h.level()).append("\"><a href=\"#")
                            .append(escape(anchors.getOrDefault(h, Block.anchor(h.text())))).append("\">").append(escape(h.text()))
                            .append("</a></li>\n");
                }
                html.append("</ul></nav>\n");
            } else if (block instanceof Block.Paragraph p) {
                html.append("<p>").append(escape(p.text())).append("</p>\n");
            } else if (block instanceof Block.Table t) {
                table(html, t);
            } else if (block instanceof Block.Figure f) {
                html.append("<figure>\n<img src=\"plots/").append(escape(f.plot().fileName())).append("\" alt=\"")
                        .append(escape(f.plot().alt())).append("\">\n<figcaption>").append(escape(f.plot().caption()));
                if (f.plot().svgFileName() != null) {
                    html.append(" (<a href=\"plots/").append(escape(f.plot().svgFileName())).append("\">SVG</a>)");
                }
                html.append("</figcaption>\n</figure>\n");
            }
        }
        html.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void table(StringBuilder html, Block.Table t) {
        html.append("<table>\n<thead><tr>");
        for (String h : t.header()) {
            html.append("<th>").append(escape(h)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            html.append("<tr>");
            for (String c : row) {
                html.append("<td>").append(escape(c)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
