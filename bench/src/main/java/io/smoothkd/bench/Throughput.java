package io.smoothkd.bench;

import io.smoothkd.core.data.Augmentation;
import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.core.data.ImageDataSetIterator;
import io.smoothkd.core.data.LabeledImages;
import io.smoothkd.core.data.Split;
import io.smoothkd.core.loss.DistillationLoss;
import io.smoothkd.core.nets.FastLayers;
import io.smoothkd.core.nets.NetSpec;
import io.smoothkd.core.nets.NetworkOptions;
import io.smoothkd.core.nets.Networks;
import io.smoothkd.student.DistillationBatches;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * In-process throughput of the training and inference steps SmoothKD runs, optionally interleaved with the same
 * steps in PyTorch ({@link TorchPeer}). Not JMH: for each workload a warm-up of a few steps, which also sizes a
 * repetition to about {@link Settings#targetRepSeconds()}, then {@link Settings#reps()} timed repetitions of that
 * many steps; with a peer, each of our repetitions is followed by the peer's repetition of the same number of
 * steps, so both see the same machine load, and the ratio is the median of the per-repetition ratios.
 *
 * <p><b>FLOP counting.</b> Only matrix products count, at 2 FLOPs per multiply-add: a dense layer is
 * {@code nIn·nOut} multiply-adds per example forward, and twice that backward (weight gradient and input
 * gradient, counted for every layer including the first); a convolution is the GEMM of its im2col form,
 * {@code Hout·Wout·Cout·k²·Cin} multiply-adds. So a training step is {@code 6·Σ MACs} per example, inference
 * {@code 2·Σ MACs}, online distillation adds the teacher's forward {@code 2·Σ MACs(teacher)}; biases,
 * activations, pooling, the loss and Adam are not counted. sgemm is {@code 2·n³} per product.
 */
public final class Throughput {
    /** Examples per training/inference step (the peer's too). */
    public static final int BATCH = 128;
    /** Side of the square sgemm. */
    public static final int GEMM_N = 1024;
    /** Distillation loss of the bench (both terms active). */
    public static final double TEMPERATURE = 4.0;
    public static final double BETA = 0.5;
    static final String TEACHER = "784-1200-1200-10";
    static final String STUDENT = "784-800-800-10";
    static final String CNN = "cnn";

    /** Workload keys, in report order (also the JSON keys and the peer's names). */
    public static final List<String> KEYS = List.of("sgemm", "teacher_train", "student_train", "distill_cached",
            "distill_online", "cnn_train", "teacher_inference");

    private Throughput() {
    }

    /**
     * How long to measure.
     *
     * @param warmupSteps      at least this many steps run before measuring (the second half timed, to size a
     *                         repetition)
     * @param warmupSeconds    and at least this long
     * @param reps             timed repetitions
     * @param targetRepSeconds wanted length of one repetition
     */
    public record Settings(boolean quick, int warmupSteps, double warmupSeconds, int reps, double targetRepSeconds) {
        /** About 15–30 s in all on 2 cores (plus the peer's time with {@code --peer}). */
        public static Settings brief() {
            return new Settings(true, 2, 0.5, 3, 0.3);
        }

        /** About 2 minutes on 2 cores (twice that with a peer). */
        public static Settings standard() {
            return new Settings(false, 10, 2.0, 7, 1.5);
        }
    }

    /** One workload: what a step does and what it is worth. */
    record Workload(String key, String label, String unit, double flopsPerUnit, Supplier<IntSupplier> setUp) {
    }

    /** Something that runs a number of steps of a workload elsewhere and says how long they took. */
    public interface Peer {
        double seconds(String workload, int steps);
    }

    /** A workload's measurement: units per second of each repetition, ours and (optionally) the peer's. */
    public record Measured(String key, String label, String unit, double flopsPerUnit, int stepsPerRep,
                           double[] ours, double[] peer) {
    }

    /** The data the steps read: the cached MNIST training set, or random MNIST-shaped images when it is not cached. */
    public static LabeledImages data(PrintStream progress) {
        DatasetRepository repo = DatasetRepository.atDefaultLocation();
        Path images = repo.cacheRoot().resolve(DatasetRepository.MNIST).resolve("train-images-idx3-ubyte");
        if (Files.exists(images)) {
            try {
                return repo.load(DatasetRepository.MNIST, Split.TRAIN);
            } catch (IOException | RuntimeException e) {
                progress.println("bench: cached MNIST unreadable (" + e.getMessage() + "); using random images");
            }
        }
        int n = 60_000;
        Random r = new Random(0);
        int[] labels = new int[n];
        Arrays.setAll(labels, i -> r.nextInt(10));
        Nd4j.getRandom().setSeed(0);
        return new LabeledImages("random-28x28", Nd4j.rand(DataType.FLOAT, n, 784), labels, 10, 1, 28, 28);
    }

    static List<Workload> workloads(LabeledImages data) {
        double teacherMacs = mlpMacs(TEACHER);
        double studentMacs = mlpMacs(STUDENT);
        double cnnMacs = cnnMacs(NetSpec.parse(CNN), 28, 28, 1, 10);
        List<Workload> w = new ArrayList<>();
        w.add(new Workload("sgemm", "sgemm " + GEMM_N + "² float32", "products/s", 2.0 * GEMM_N * GEMM_N * GEMM_N,
                () -> {
                    Nd4j.getRandom().setSeed(1);
                    INDArray a = Nd4j.rand(DataType.FLOAT, GEMM_N, GEMM_N);
                    INDArray b = Nd4j.rand(DataType.FLOAT, GEMM_N, GEMM_N);
                    INDArray c = Nd4j.create(DataType.FLOAT, GEMM_N, GEMM_N);
                    return () -> {
                        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                        return 1;
                    };
                }));
        w.add(new Workload("teacher_train", "teacher MLP " + TEACHER + " train", "examples/s", 6 * teacherMacs,
                () -> trainStep(net(TEACHER, Networks.labelHead()), iterator(data, Augmentation.none()))));
        w.add(new Workload("student_train", "student MLP " + STUDENT + " train", "examples/s", 6 * studentMacs,
                () -> trainStep(net(STUDENT, Networks.labelHead()), iterator(data, Augmentation.none()))));
        w.add(new Workload("distill_cached", "distil " + STUDENT + ", cached teacher logits", "examples/s",
                6 * studentMacs, () -> {
                    Nd4j.getRandom().setSeed(2);
                    INDArray logits = Nd4j.randn(DataType.FLOAT, data.size(), 10).muli(3);
                    int[] rows = new int[data.size()];
                    Arrays.setAll(rows, i -> i);
                    return trainStep(net(STUDENT, distillationHead()),
                            DistillationBatches.cached(iterator(data, Augmentation.none()), logits, rows));
                }));
        w.add(new Workload("distill_online", "distil " + STUDENT + ", teacher forward, shift ±2", "examples/s",
                6 * studentMacs + 2 * teacherMacs, () -> trainStep(net(STUDENT, distillationHead()),
                DistillationBatches.online(iterator(data, Augmentation.translation(2)),
                        net(TEACHER, Networks.labelHead())))));
        w.add(new Workload("cnn_train", "CNN cnn:32-64-256 train", "examples/s", 6 * cnnMacs,
                () -> trainStep(Networks.buildFast(NetSpec.parse(CNN), 1, 28, 28, 10, NetworkOptions.defaults(3),
                        Networks.labelHead()), iterator(data, Augmentation.none()))));
        w.add(new Workload("teacher_inference", "teacher MLP " + TEACHER + " inference", "examples/s",
                2 * teacherMacs, () -> {
                    MultiLayerNetwork teacher = net(TEACHER, Networks.labelHead());
                    ImageDataSetIterator it = iterator(data, Augmentation.none());
                    return () -> {
                        DataSet ds = next(it);
                        teacher.output(ds.getFeatures(), false);
                        return ds.numExamples();
                    };
                }));
        return w;
    }

    private static DistillationLoss distillationLossOfBench() {
        return new DistillationLoss(TEMPERATURE, BETA);
    }

    private static Networks.Head distillationHead() {
        return Networks.distillationHead(distillationLossOfBench());
    }

    private static MultiLayerNetwork net(String spec, Networks.Head head) {
        return Networks.buildFast(NetSpec.parse(spec), 1, 28, 28, 10, NetworkOptions.defaults(7), head);
    }

    private static ImageDataSetIterator iterator(LabeledImages data, Augmentation augmentation) {
        return ImageDataSetIterator.over(data).batchSize(BATCH).seed(11).augmentation(augmentation).build();
    }

    private static DataSet next(DataSetIterator it) {
        if (!it.hasNext()) {
            it.reset();
        }
        return it.next();
    }

    /** One training step: the next batch of the iterator (data pipeline included), then one fit. */
    private static IntSupplier trainStep(MultiLayerNetwork net, DataSetIterator it) {
        return () -> {
            DataSet ds = next(it);
            FastLayers.fitting(net, () -> net.fit(ds)); // as the trainers fit
            return ds.numExamples();
        };
    }

    /** Multiply-adds per example of an MLP's forward pass. */
    static double mlpMacs(String spec) {
        int[] l = NetSpec.parse(spec).layers();
        double macs = 0;
        for (int i = 1; i < l.length; i++) {
            macs += (double) l[i - 1] * l[i];
        }
        return macs;
    }

    /** Multiply-adds per example of {@link Networks}' CNN forward pass (convolutions as im2col GEMMs). */
    static double cnnMacs(NetSpec spec, int h, int w, int c, int classes) {
        int[] l = spec.layers();
        double conv1 = (double) h * w * l[0] * 25 * c;
        double conv2 = (double) (h / 2) * (w / 2) * l[1] * 25 * l[0];
        double dense = (double) (h / 4) * (w / 4) * l[1] * l[2];
        return conv1 + conv2 + dense + (double) l[2] * classes;
    }

    /**
     * Measures every workload.
     *
     * @param data     what the steps read ({@link #data})
     * @param peer     runs the same workload elsewhere between our repetitions, or {@code null}
     * @param progress where progress lines go (stderr)
     */
    public static List<Measured> measure(Settings s, LabeledImages data, Peer peer, PrintStream progress) {
        progress.println("bench: data " + data.name() + " (" + data.size() + " examples), batch " + BATCH + ", "
                + s.reps() + " repetitions of ~" + s.targetRepSeconds() + " s after " + s.warmupSteps()
                + " warm-up steps" + (peer != null ? ", interleaved with the PyTorch peer" : ""));
        List<Measured> out = new ArrayList<>();
        List<Workload> all = workloads(data);
        for (int wi = 0; wi < all.size(); wi++) {
            Workload w = all.get(wi);
            String tag = "bench: [" + (wi + 1) + "/" + all.size() + "] " + w.key();
            progress.println(tag + ": warm-up");
            IntSupplier step = w.setUp().get();
            // warm-up: at least warmupSteps steps and warmupSeconds; a step's time is estimated from the second half
            long t0 = System.nanoTime();
            long half = t0;
            int done = 0;
            while (done < s.warmupSteps() || (System.nanoTime() - t0) / 1e9 < s.warmupSeconds()) {
                step.getAsInt();
                done++;
                if (done == (s.warmupSteps() + 1) / 2) {
                    half = System.nanoTime();
                }
            }
            int timed = done - (s.warmupSteps() + 1) / 2;
            double perStep = timed > 0 ? (System.nanoTime() - half) / 1e9 / timed : (System.nanoTime() - t0) / 1e9 / done;
            if (peer != null) {
                peer.seconds(w.key(), done);
            }
            int steps = (int) Math.max(1, Math.round(s.targetRepSeconds() / Math.max(perStep, 1e-9)));
            double[] ours = new double[s.reps()];
            double[] theirs = peer != null ? new double[s.reps()] : null;
            for (int r = 0; r < s.reps(); r++) {
                long units = 0;
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    units += step.getAsInt();
                }
                ours[r] = units / ((System.nanoTime() - start) / 1e9);
                StringBuilder line = new StringBuilder(String.format("%s: rep %d/%d (%d steps): ours %.0f %s", tag,
                        r + 1, s.reps(), steps, ours[r], w.unit()));
                if (peer != null) {
                    double units1 = "sgemm".equals(w.key()) ? steps : (double) steps * BATCH;
                    theirs[r] = units1 / peer.seconds(w.key(), steps);
                    line.append(String.format(", PyTorch %.0f", theirs[r]));
                }
                progress.println(line);
            }
            out.add(new Measured(w.key(), w.label(), w.unit(), w.flopsPerUnit(), steps, ours, theirs));
            System.gc(); // let the workload's off-heap buffers go before the next one
        }
        return out;
    }
}
