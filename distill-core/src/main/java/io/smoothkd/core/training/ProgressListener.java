package io.smoothkd.core.training;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.temporal.ChronoUnit;

/**
 * A DL4J {@code TrainingListener} that draws a progress bar for one epoch (examples, examples/s, loss, ETA) on
 * stderr, or logs a line every few seconds when stderr is not a terminal. It also keeps the epoch's mean loss
 * and stops training with a {@link TrainingDivergedException} the moment the loss is NaN or infinite.
 */
public class ProgressListener extends BaseTrainingListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressListener.class);
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
     * The project's progress bar over {@code max} items of {@code unit}: rendered on a terminal, otherwise a log line
     * every 15 s.
     */
    public static ProgressBar bar(String task, long max, String unit) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(unit, 1)
                .showSpeed().setSpeedUnit(ChronoUnit.SECONDS).setMaxRenderedLength(110);
        if (System.console() == null) {
            b.setConsumer(new DelegatingProgressBarConsumer(LOG::info, 110)).setUpdateIntervalMillis(15_000)
                    .setStyle(ProgressBarStyle.ASCII);
        } else {
            b.setUpdateIntervalMillis(500);
        }
        return b.build();
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
