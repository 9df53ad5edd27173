/** Rendering: report blocks, their Markdown and HTML renderers, plots (PNG and SVG) and number formatting. */
package io.smoothkd.report.render;
