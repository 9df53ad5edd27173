package io.smoothkd.runs;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DL4J {@code TrainingListener} that shows one epoch's progress (examples, examples/s, mean loss, ETA) and keeps the
 * epoch's mean loss; it stops training with a {@link TrainingDivergedException} the moment the loss is NaN or
 * infinite.
 * <p>On a terminal it is one live bar on stderr that fits the terminal's width and is cleared when the epoch ends
 * (the trainer then logs the epoch's one line). Elsewhere (a pipe, a Slurm log) it prints nothing for epochs shorter
 * than a minute, and a progress line once a minute for longer ones: the epoch's own line is the record.
 */
public class ProgressListener extends BaseTrainingListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressListener.class);
    /** How often a non-terminal consumer writes a progress line, and after how long the first. */
    static final long HEARTBEAT_MILLIS = 60_000;
    private final ProgressBar bar;
    private final int epoch;
    private final int batchSize;
    private long steps;
    private double lossSum;

    public ProgressListener(String task, int epoch, long examples, int batchSize) {
        this.epoch = epoch;
        this.batchSize = batchSize;
        this.bar = bar(task, examples, " ex");
    }

    /**
     * The project's progress bar over {@code max} items of {@code unit}: a live bar as wide as the terminal (cleared
     * when closed), or, when stderr is not a terminal, a log line a minute for tasks longer than a minute. The rate
     * is measured in nanoseconds (progressbar's own rounds the elapsed time to whole seconds); the caller's extra
     * message (e.g. the loss) follows it.
     */
    public static ProgressBar bar(String task, long max, String unit) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setRenderer(new FittingRenderer(unit.strip()));
        if (System.console() == null) {
            b.setConsumer(new Heartbeat()).setUpdateIntervalMillis(5_000);
        } else {
            b.setUpdateIntervalMillis(250).clearDisplayOnFinish(); // width: the terminal's (progressbar asks JLine)
        }
        return b.build();
    }

    /**
     * {@code task  42% [=====>     ] 8448/20000 ex 5154 ex/s loss 0.7263 ETA 0:03} in at most the width it is given:
     * the bar takes what is left, and when too little is left the counts, then the ETA, then the task's tail go.
     */
    static final class FittingRenderer implements ProgressBarRenderer {
        private static final int MIN_BAR = 10;
        private final String unit;

        FittingRenderer(String unit) {
            this.unit = unit;
        }

        @Override
        public String render(ProgressState s, int maxLength) {
            double seconds = s.getElapsedAfterStart().toNanos() / 1e9;
            long done = s.getCurrent() - s.getStart();
            double rate = seconds > 0 ? done / seconds : 0;
            double fraction = s.getMax() > 0 ? Math.min(1, (double) s.getCurrent() / s.getMax()) : 0;
            String pct = String.format("%3d%%", (int) Math.floor(fraction * 100));
            String counts = " " + s.getCurrent() + "/" + s.getMax() + " " + unit;
            String speed = rate > 0 ? String.format(" %.0f %s/s", rate, unit) : "";
            String extra = s.getExtraMessage() == null ? "" : s.getExtraMessage();
            String eta = rate > 0 && s.getCurrent() < s.getMax() ? " ETA " + clock((s.getMax() - s.getCurrent()) / rate)
                    : "";
            String task = s.getTaskName();
            int fixed = task.length() + 1 + pct.length() + 3 + speed.length() + extra.length();
            if (fixed + counts.length() + eta.length() + MIN_BAR <= maxLength) {
                fixed += counts.length() + eta.length();
            } else if (fixed + eta.length() + MIN_BAR <= maxLength) {
                counts = "";
                fixed += eta.length();
            } else {
                counts = "";
                eta = "";
            }
            if (fixed + MIN_BAR > maxLength) {
                int cut = Math.max(0, task.length() - (fixed + MIN_BAR - maxLength));
                fixed -= task.length() - cut;
                task = task.substring(0, cut);
            }
            int width = Math.max(1, maxLength - fixed);
            int filled = (int) Math.floor(fraction * width);
            StringBuilder bar = new StringBuilder(width);
            for (int i = 0; i < width; i++) {
                bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
            }
            String line = task + " " + pct + " [" + bar + "]" + counts + speed + extra + eta;
            return line.length() > maxLength ? line.substring(0, maxLength) : line;
        }

        static String clock(double seconds) {
            long t = Math.round(seconds);
            return t >= 3600 ? String.format("%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                    : String.format("%d:%02d", t / 60, t % 60);
        }
    }

    /** Logs the rendered bar at most once a minute, never at the start or the end. */
    static final class Heartbeat implements ProgressBarConsumer {
        private final long start = System.currentTimeMillis();
        private long last = start;

        @Override
        public int getMaxRenderedLength() {
            return 100;
        }

        @Override
        public void accept(String rendered) {
            long now = System.currentTimeMillis();
            if (now - last >= HEARTBEAT_MILLIS) {
                last = now;
                LOG.info("{}", rendered.strip());
            }
        }

        @Override
        public void clear() {
        }

        @Override
        public void close() {
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int ignoredEpoch) {
        double loss = model.score();
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException("training diverged: the loss is " + loss + " at epoch " + (epoch + 1)
                    + ", step " + (steps + 1));
        }
        steps++;
        lossSum += loss;
        bar.stepBy(Math.min(batchSize, Math.max(0, bar.getMax() - bar.getCurrent())));
        bar.setExtraMessage(String.format(" loss %.4f", lossSum / steps));
    }

    public double meanLoss() {
        return steps == 0 ? Double.NaN : lossSum / steps;
    }

    @Override
    public void close() {
        bar.stepTo(bar.getMax());
        bar.close();
    }
}
