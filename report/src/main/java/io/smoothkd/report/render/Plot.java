package io.smoothkd.report.render;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A rendered plot: PNG bytes (and, for XChart charts, SVG bytes) plus the file name under {@code plots/}, alt text
 * and caption. PNGs are encoded with ImageIO from the chart's image and SVGs by VectorGraphics2D; neither writes a
 * time or other metadata, so the same chart always gives the same bytes.
 *
 * @param fileName file name under {@code plots/}, {@code [a-z0-9._-]+\.png}; the SVG is the same name with .svg
 * @param alt      alt text (what the image shows, for readers who cannot see it)
 * @param caption  caption shown under the image
 * @param png      the PNG bytes
 * @param svg      the SVG bytes, or null for a plot drawn as a bitmap only
 */
public record Plot(String fileName, String alt, String caption, byte[] png, byte[] svg) {

    /** Checks the file name. */
    public Plot {
        Objects.requireNonNull(png, "png");
        if (!fileName.matches("[a-z0-9._-]+\\.png")) {
            throw new IllegalArgumentException("plot file name must match [a-z0-9._-]+.png: " + fileName);
        }
    }

    /** A bitmap-only plot. */
    public Plot(String fileName, String alt, String caption, byte[] png) {
        this(fileName, alt, caption, png, null);
    }

    /** Renders an XChart chart to PNG and SVG. {@code name} is turned into a safe file name. */
    public static Plot of(String name, String alt, String caption, Chart<?, ?> chart) {
        Plot bitmap = of(name, alt, caption, BitmapEncoder.getBufferedImage(chart));
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Plot(bitmap.fileName(), alt, caption, bitmap.png(), svg.toByteArray());
    }

    /** The SVG's file name under {@code plots/}, or null when there is none. */
    public String svgFileName() {
        return svg == null ? null : fileName.substring(0, fileName.length() - 4) + ".svg";
    }

    /** Encodes an image as PNG. {@code name} is turned into a safe file name. */
    public static Plot of(String name, String alt, String caption, BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Plot(fileName(name), alt, caption, out.toByteArray());
    }

    /** Lower case, runs of other characters → '-', ".png" appended. */
    static String fileName(String name) {
        String s = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("(^-+|-+$)", "");
        return (s.isEmpty() ? "plot" : s) + ".png";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Plot p && fileName.equals(p.fileName) && alt.equals(p.alt) && caption.equals(p.caption)
                && Arrays.equals(png, p.png) && Arrays.equals(svg, p.svg);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileName, alt, caption, Arrays.hashCode(png), Arrays.hashCode(svg));
    }

    @Override
    public String toString() {
        return "Plot[" + fileName + ", " + png.length + " bytes]";
    }
}
