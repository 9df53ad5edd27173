package io.smoothkd.runs;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The training bar fits the width it is given (an 80-column terminal by default), on one line. */
class ProgressListenerTest {

    /** Captures what the bar renders for a terminal of {@code width} columns. */
    private static List<String> render(String task, int width, long max, String extra) throws InterruptedException {
        List<String> lines = new CopyOnWriteArrayList<>();
        ProgressBarConsumer consumer = new ProgressBarConsumer() {
            @Override
            public int getMaxRenderedLength() {
                return width;
            }

            @Override
            public void accept(String s) {
                lines.add(s.replace("\r", ""));
            }

            @Override
            public void close() {
            }
        };
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUpdateIntervalMillis(1)
                .setRenderer(new ProgressListener.FittingRenderer("ex")).setConsumer(consumer).build()) {
            for (long i = 0; i < max; i += max / 8) {
                bar.stepTo(i);
                bar.setExtraMessage(extra);
                Thread.sleep(15);
            }
            bar.stepTo(max);
        }
        return lines;
    }

    @Test
    void barFitsEveryWidthOnOneLine() throws InterruptedException {
        for (int width : new int[] {40, 60, 79, 80, 120, 200}) {
            List<String> lines = render("student-mnist-from-a0.1-T4-b0.6-s1 epoch 10/10", width, 55_000, " loss 0.1234");
            assertThat(lines).as("width %d", width).isNotEmpty();
            for (String l : lines) {
                assertThat(l.length()).as("width %d: '%s'", width, l).isLessThanOrEqualTo(width);
                assertThat(l).doesNotContain("\n").contains("%").contains("[").contains("]");
            }
            String last = lines.get(lines.size() - 1);
            assertThat(last).contains("100%");
            if (width >= 120) {
                assertThat(last).contains("55000/55000 ex").contains(" ex/s").contains("loss 0.1234")
                        .startsWith("student-mnist-from-a0.1-T4-b0.6-s1 epoch 10/10 100% [=");
            }
        }
    }

    @Test
    void clockFormatsMinutesAndHours() {
        assertThat(ProgressListener.FittingRenderer.clock(0)).isEqualTo("0:00");
        assertThat(ProgressListener.FittingRenderer.clock(61.4)).isEqualTo("1:01");
        assertThat(ProgressListener.FittingRenderer.clock(3 * 3600 + 62)).isEqualTo("3:01:02");
    }
}
