package io.smoothkd.core.information;

import io.smoothkd.core.data.Augmentation;
import io.smoothkd.core.data.LabeledImages;
import io.smoothkd.core.representation.NetworkLogits;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Measures the logit-difference mutual information of paper §5 <em>during</em> training: a DL4J
 * {@code TrainingListener} that, every {@code every} iterations, runs the network (inference mode) on L fixed
 * augmented copies of N training examples of two classes a and b, takes Y = z_a − z_b and records
 * {@link LogitDifferenceMutualInformation} Î(X; Y). The copies are drawn once, so the curve follows the network,
 * not the sampling. The paper: Î rises, then falls; with label smoothing it ends far lower, near ln 2.
 */
public final class MutualInformationProbe extends BaseTrainingListener {
    /** One point of the curve. */
    public record Point(int iteration, int epoch, double mi) {
    }

    private final int classA;
    private final int classB;
    private final int every;
    private final int n;
    private final int l;
    private final INDArray stacked; // [L·N, features]: copy l occupies rows l·N … (l+1)·N − 1
    /** By iteration: a resumed run that repeats an epoch replaces, not duplicates, its points. */
    private final java.util.SortedMap<Integer, Point> points = Collections.synchronizedSortedMap(new java.util.TreeMap<>());

    private MutualInformationProbe(int classA, int classB, int every, int n, int l, INDArray stacked) {
        this.classA = classA;
        this.classB = classB;
        this.every = every;
        this.n = n;
        this.l = l;
        this.stacked = stacked;
    }

    /**
     * The probe seed of a run with seed {@code runSeed}: the run's seed shifted by a fixed offset (17), so that the
     * probe's examples and copies are not drawn from the same random stream as the training's. The curve measured
     * during training, the final point a suite measures afterwards and {@code smoothkd mutual-info --run} all use it,
     * so they measure the same examples and copies.
     */
    public static long seedOfRun(long runSeed) {
        return runSeed + 17;
    }

    /**
     * @param train       training examples to draw from
     * @param classA      first class a
     * @param classB      second class b
     * @param perClass    examples per class (the paper: 300, so N = 600)
     * @param copies      augmented copies per example L (the paper: 5)
     * @param augmentation how the copies differ (must not be the identity, or σ² = 0)
     * @param every       measure every this many iterations
     * @param seed        seed of the choice of examples and of the copies
     */
    public static MutualInformationProbe of(LabeledImages train, int classA, int classB, int perClass, int copies,
                                            Augmentation augmentation, int every, long seed) {
        if (classA == classB || classA < 0 || classB < 0 || classA >= train.classes() || classB >= train.classes()) {
            throw new IllegalArgumentException("mutual information needs two different classes in [0, "
                    + train.classes() + "), got " + classA + " and " + classB);
        }
        if (augmentation.isIdentity()) {
            throw new IllegalArgumentException("mutual information needs augmented copies that differ; the"
                    + " augmentation is the identity");
        }
        if (every < 1 || perClass < 1 || copies < 2) {
            throw new IllegalArgumentException("need every >= 1, perClass >= 1 and copies >= 2");
        }
        Random r = new Random(seed);
        int[] rows = new int[2 * perClass];
        int[] cls = {classA, classB};
        for (int c = 0; c < 2; c++) {
            List<Integer> of = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                if (train.labels()[i] == cls[c]) {
                    of.add(i);
                }
            }
            if (of.size() < perClass) {
                throw new IllegalArgumentException("class " + cls[c] + " has " + of.size() + " training examples, "
                        + perClass + " needed");
            }
            Collections.shuffle(of, r);
            for (int i = 0; i < perClass; i++) {
                rows[c * perClass + i] = of.get(i);
            }
        }
        INDArray base = Nd4j.pullRows(train.features(), 1, rows);
        INDArray[] c = augmentation.copies(base, copies, train.channels(), train.height(), train.width(), r);
        return new MutualInformationProbe(classA, classB, every, rows.length, copies, Nd4j.vstack(c));
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (iteration % every == 0) {
            points.put(iteration, new Point(iteration, epoch, measure((MultiLayerNetwork) model)));
        }
    }

    /** Î of the network now. */
    public double measure(MultiLayerNetwork net) {
        return LogitDifferenceMutualInformation.estimate(differences(net)).mi();
    }

    /** The network's logit differences z_a − z_b on the probe's copies, [N, L] (row x: the L copies of example x). */
    public INDArray differences(MultiLayerNetwork net) {
        INDArray z = NetworkLogits.of(net, stacked, 2000);
        INDArray diff = z.get(NDArrayIndex.all(), NDArrayIndex.point(classA))
                .sub(z.get(NDArrayIndex.all(), NDArrayIndex.point(classB)));
        // rows are copy-major: reshape [L, N] then transpose to [N, L]
        return diff.reshape('c', l, n).transpose().dup('c');
    }

    public List<Point> points() {
        synchronized (points) {
            return List.copyOf(points.values());
        }
    }

    /** Restores points measured before a resume. */
    public void restore(List<Point> earlier) {
        for (Point p : earlier) {
            points.put(p.iteration(), p);
        }
    }

    public int examples() {
        return n;
    }

    public int copies() {
        return l;
    }
}
