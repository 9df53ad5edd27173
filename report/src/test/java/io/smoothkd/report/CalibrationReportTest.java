package io.smoothkd.report;

import io.smoothkd.report.model.ReliabilityBins;
import io.smoothkd.report.render.ChartStyle;
import io.smoothkd.report.render.Plot;
import io.smoothkd.report.render.ReliabilityPlot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The post-hoc methods' comparison table and the reliability diagram's drawing. */
class CalibrationReportTest {

    @TempDir
    Path tmp;

    /** Adds every method's keys to the teacher cells: metric value = base + 0.001·(seed − 2). */
    static void addMethodKeys(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(dir.resolve("cells"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("teacher-")).toList()) {
                ObjectNode cell = (ObjectNode) json.readTree(f.toFile());
                ObjectNode m = (ObjectNode) cell.get("metrics");
                double d = 0.001 * (cell.get("seed").asInt() - 2);
                boolean hard = cell.get("family").asText().equals("hard");
                m.put("test_ece_adaptive", (hard ? 0.020 : 0.030) + d);
                m.put("test_ece_classwise", 0.003 + d);
                m.put("test_ace", 0.004 + d);
                String[] methods = {"temperature", "vector", "matrix", "histogram", "isotonic"};
                for (int i = 0; i < methods.length; i++) {
                    String s = "_after_" + methods[i];
                    m.put("test_accuracy" + s, 0.99);
                    m.put("test_ece" + s, (hard ? 0.010 : 0.020) + 0.0001 * i + d);
                    m.put("test_ece_adaptive" + s, 0.005 + d);
                    m.put("test_ece_classwise" + s, 0.002 + d);
                    m.put("test_ace" + s, 0.0025 + d);
                    m.put("test_mce" + s, 0.05 + d);
                    m.put("test_nll" + s, 0.03 + d);
                    m.put("test_brier" + s, 0.015 + d);
                }
                json.writeValue(f.toFile(), cell);
            }
        }
    }

    @Test
    void methodsTableComparesLsWithEveryPostHocMethodOverSeeds() throws IOException {
        Path dir = tmp.resolve("r");
        new SyntheticCells().write(dir);
        String before = Files.readString(ReportWriter.write(dir));
        assertThat(before).doesNotContain("Post-hoc method"); // no cell has the keys yet
        addMethodKeys(dir);
        String md = Files.readString(ReportWriter.write(dir));
        assertThat(md).contains("| Teacher | Post-hoc method | Seeds | Test acc. % | ECE | Adaptive ECE | Classwise ECE | ACE"
                + " | NLL | Brier |");
        // 3 seeds: 0.0104 + (−0.001, 0, 0.001) → 0.0104 ± t(0.975, 2)·0.001/√3 = 4.303·0.000577 = 0.0025
        assertThat(md).contains("| hard targets (α = 0) | isotonic regression | 3 | 99.00 ± 0.00 | 0.0104 ± 0.0025 |"
                + " 0.0050 ± 0.0025 |");
        assertThat(md).contains("| LS α = 0.1 | none | 3 |");
        assertThat(md).contains("| LS α = 0.1 | matrix scaling | 3 | 99.00 ± 0.00 | 0.0202 ± 0.0025 |");
        // LS rows come first, then hard: LS, LS + each method, hard + each method
        assertThat(md.indexOf("| LS α = 0.1 | none |")).isLessThan(md.indexOf("| hard targets (α = 0) | none |"));
        assertThat(md).contains("adaptive ECE: 15 equal-mass bins");
    }

    static BufferedImage render(double acc, double conf) throws IOException {
        ReliabilityBins bins = new ReliabilityBins(new long[] {100}, new double[] {acc}, new double[] {conf});
        Plot p = Plot.of("t", "t", "t", ReliabilityPlot.image("t", bins));
        return ImageIO.read(new ByteArrayInputStream(p.png()));
    }

    static boolean near(int rgb, Color c) {
        Color x = new Color(rgb);
        return Math.abs(x.getRed() - c.getRed()) + Math.abs(x.getGreen() - c.getGreen())
                + Math.abs(x.getBlue() - c.getBlue()) < 40;
    }

    /** The translucent gap colour over a background. */
    static Color over(Color background) {
        Color g = ReliabilityPlot.GAP;
        double a = g.getAlpha() / 255.0;
        return new Color((int) Math.round(g.getRed() * a + background.getRed() * (1 - a)),
                (int) Math.round(g.getGreen() * a + background.getGreen() * (1 - a)),
                (int) Math.round(g.getBlue() * a + background.getBlue() * (1 - a)));
    }

    /** Rows of the upper panel's column x whose colour is near c. */
    static int count(BufferedImage img, int x, Color c) {
        int n = 0;
        for (int y = 0; y < ChartStyle.HEIGHT; y++) {
            n += near(img.getRGB(x, y), c) ? 1 : 0;
        }
        return n;
    }

    @Test
    void theGapIsItsOwnOutlinedRegionOnEitherSideOfTheBar() throws IOException {
        BufferedImage under = render(0.9, 0.5);
        BufferedImage overConfident = render(0.5, 0.9);
        assertThat(under.getHeight()).isEqualTo(ChartStyle.HEIGHT + ReliabilityPlot.HISTOGRAM_HEIGHT);
        int x = ChartStyle.WIDTH * 3 / 4;
        Color pink = over(Color.WHITE);
        Color purple = over(ReliabilityPlot.BAR);
        // under-confident: the gap (0.5 … 0.9) lies over the top of the bar: purple, no pink; over-confident: pink
        // above the bar, no purple. The gap is 0.4 of the axis, the bar below it 0.5 in both.
        int underPurple = count(under, x, purple);
        int overPink = count(overConfident, x, pink);
        assertThat(underPurple).isGreaterThan(100);
        assertThat(count(under, x, pink)).isLessThanOrEqualTo(2); // an anti-aliased edge pixel at most
        assertThat(overPink).isGreaterThan(100);
        assertThat(count(overConfident, x, purple)).isLessThanOrEqualTo(2);
        assertThat(Math.abs(underPurple - overPink)).isLessThanOrEqualTo(4);
        int underBlue = count(under, x, ReliabilityPlot.BAR);
        int overBlue = count(overConfident, x, ReliabilityPlot.BAR);
        assertThat(Math.abs(underBlue - overBlue)).isLessThanOrEqualTo(4);
        assertThat((double) underBlue / underPurple).isCloseTo(0.5 / 0.4, org.assertj.core.api.Assertions.within(0.1));
        // each gap region has its own red outline (top and bottom edge cross the column)
        assertThat(count(under, x, ReliabilityPlot.GAP_EDGE)).isGreaterThanOrEqualTo(2);
        assertThat(count(overConfident, x, ReliabilityPlot.GAP_EDGE)).isGreaterThanOrEqualTo(2);
        // the histogram below has a grey bar
        boolean grey = false;
        for (int y = ChartStyle.HEIGHT; y < under.getHeight(); y++) {
            grey |= near(under.getRGB(x, y), ReliabilityPlot.HISTOGRAM);
        }
        assertThat(grey).isTrue();
        // the caption names the colours drawn
        assertThat(ReliabilityPlot.CAPTION_KEY).contains("Blue bars").contains("Red-outlined").contains("pink above")
                .contains("purple over the top of the bar").contains("grey");
    }
}
