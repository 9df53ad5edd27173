package io.smoothkd.core.nets;

import org.deeplearning4j.nn.conf.constraint.BaseConstraint;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;

/**
 * DL4J's {@code MaxNormConstraint} (the same arithmetic, bit for bit: each unit's incoming weights are scaled by
 * min(‖w‖, c) / (‖w‖ + ε)), made safe to run while the JVM collects garbage.
 *
 * <p>DL4J 1.0.0-M2.1's {@code MaxNormConstraint.apply} computes the norms and the scale into two temporary arrays
 * outside any workspace, whose native buffers are freed when the garbage collector finds their Java objects
 * unreachable, and then multiplies the weights by the scale in a native broadcast. Nothing in Java uses the scale
 * after the broadcast starts, so a collection during the native call may free the buffer the call is still reading.
 * Seen here twice, as a {@code SIGSEGV (SEGV_MAPERR)} in {@code Broadcast<float>::exec<Multiply>} called from
 * {@code MaxNormConstraint.apply}, in MLP teachers trained with max-norm while {@link OffHeapMemory} collected every
 * 10 s (DL4J's own periodic collection opens the same window). This class keeps both temporaries reachable until
 * the broadcast has returned ({@link Reference#reachabilityFence}), which closes that window.
 *
 * <p>Serialises with the network's configuration like any DL4J constraint (its fields: {@code maxNorm} and
 * {@link BaseConstraint}'s {@code params}, {@code epsilon}, {@code dimensions}).
 */
public final class FencedMaxNormConstraint extends BaseConstraint {
    private double maxNorm;

    @SuppressWarnings("unused")
    private FencedMaxNormConstraint() {
        // for JSON deserialisation
    }

    /**
     * @param maxNorm    the largest L2 norm c &gt; 0 of each unit's incoming weights
     * @param dimensions the dimensions the norm is taken over: 0 for a dense layer's [nIn, nOut] weights, 1, 2, 3
     *                   for a convolution's [nOut, nIn, kH, kW]
     */
    public FencedMaxNormConstraint(double maxNorm, int... dimensions) {
        this(maxNorm, Collections.emptySet(), dimensions);
    }

    private FencedMaxNormConstraint(double maxNorm, Set<String> params, int... dimensions) {
        super(params, DEFAULT_EPSILON, dimensions);
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("max-norm must be finite and > 0, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    /** The bound c. */
    public double getMaxNorm() {
        return maxNorm;
    }

    @Override
    public void apply(INDArray param) {
        INDArray norm = param.norm2(dimensions);
        INDArray clipped = norm.unsafeDuplication();
        BooleanIndexing.replaceWhere(clipped, maxNorm, Conditions.greaterThan(maxNorm));
        norm.addi(epsilon);
        clipped.divi(norm);
        Broadcast.mul(param, clipped, param, getBroadcastDims(dimensions, param.rank()));
        Reference.reachabilityFence(clipped);
        Reference.reachabilityFence(norm);
    }

    @Override
    public FencedMaxNormConstraint clone() {
        return new FencedMaxNormConstraint(maxNorm, params, dimensions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FencedMaxNormConstraint c && super.equals(o) && Double.compare(maxNorm, c.maxNorm) == 0;
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof FencedMaxNormConstraint;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), maxNorm);
    }

    @Override
    public String toString() {
        return "FencedMaxNormConstraint(maxNorm=" + maxNorm + ", params=" + params + ", epsilon=" + epsilon
                + ", dimensions=" + Arrays.toString(dimensions) + ")";
    }
}
