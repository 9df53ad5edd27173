package io.smoothkd.translation.model;

import io.smoothkd.translation.data.CharVocabulary;
import io.smoothkd.translation.decoding.StepDecoder;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.AttentionVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;

/**
 * A character-level encoder–decoder with attention (Luong et al. 2015, "global" dot-product attention without
 * input feeding), as a DL4J {@link ComputationGraph}:
 * <pre>
 * encoder:  e_s = BiLSTM(Emb_src(x))_s                     [H: H/2 forward ⊕ H/2 backward]
 * decoder:  h_t = LSTM(Emb_tgt(y_{t−1}), h_{t−1}, c_{t−1})  [H]
 * attention: a_t = softmax_s(h_t · e_s / √H) over the source positions, c_t = Σ_s a_ts e_s
 * output:   z_t = W_o [h_t ; c_t] + b_o,  p(y_t | y_&lt;t, x) = softmax(z_t)
 * </pre>
 * Trained with cross-entropy against one-hot or label-smoothed targets (DL4J's {@link LossMCXENT} takes the soft
 * targets), padded positions masked out. {@link #decoder} recomputes the decoder one step at a time from the trained
 * parameters (DL4J LSTM gate order: block input, forget, output, input gate), which gives the logits z_t for beam
 * search and teacher-forced scoring; a test checks it against the graph's own forward pass.
 */
public final class CharSeq2Seq {
    static final String SOURCE = "src";
    static final String TARGET_IN = "dec";
    static final String ENCODER = "enc";
    static final String SOURCE_EMBEDDING = "srcEmb";
    static final String DECODER = "decLstm";
    static final String TARGET_EMBEDDING = "decEmb";
    static final String OUTPUT = "out";

    private final ComputationGraph graph;
    /** The encoder alone (source embedding + BiLSTM), with the parameters copied from {@link #graph}. */
    private final ComputationGraph encoder;
    private final CharVocabulary vocabulary;
    private final ModelOptions options;

    private CharSeq2Seq(ComputationGraph graph, ComputationGraph encoder, CharVocabulary vocabulary,
                        ModelOptions options) {
        this.graph = graph;
        this.encoder = encoder;
        this.vocabulary = vocabulary;
        this.options = options;
    }

    /** A new, initialised model. */
    public static CharSeq2Seq create(CharVocabulary vocabulary, ModelOptions o, long seed) {
        int v = vocabulary.size();
        int h = o.hidden();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(new ExponentialSchedule(ScheduleType.EPOCH, o.lr(), o.lrDecay())))
                .weightInit(WeightInit.XAVIER)
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(o.clip())
                .graphBuilder()
                .addInputs(SOURCE, TARGET_IN)
                .addLayer(SOURCE_EMBEDDING, sourceEmbedding(v, o), SOURCE)
                .addLayer(ENCODER, encoderLayer(o), SOURCE_EMBEDDING)
                .addLayer(TARGET_EMBEDDING, new EmbeddingSequenceLayer.Builder().nIn(v).nOut(o.embedding()).build(),
                        TARGET_IN)
                .addLayer(DECODER, new LSTM.Builder().nIn(o.embedding()).nOut(h).activation(Activation.TANH)
                        .dataFormat(RNNFormat.NCW).build(),
                        TARGET_EMBEDDING)
                .addVertex("att", new AttentionVertex.Builder().nInQueries(h).nInKeys(h).nInValues(h).nOut(h)
                        .nHeads(1).projectInput(false).build(), DECODER, ENCODER, ENCODER)
                .addVertex("merge", new MergeVertex(), DECODER, "att")
                .addLayer(OUTPUT, new RnnOutputLayer.Builder(new LossMCXENT()).nIn(2 * h).nOut(v)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), "merge")
                .setOutputs(OUTPUT)
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        ComputationGraph encoder = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).graphBuilder()
                .addInputs(SOURCE)
                .addLayer(SOURCE_EMBEDDING, sourceEmbedding(v, o), SOURCE)
                .addLayer(ENCODER, encoderLayer(o), SOURCE_EMBEDDING)
                .setOutputs(ENCODER)
                .build());
        encoder.init();
        return new CharSeq2Seq(graph, encoder, vocabulary, o);
    }

    private static EmbeddingSequenceLayer sourceEmbedding(int vocabularySize, ModelOptions o) {
        return new EmbeddingSequenceLayer.Builder().nIn(vocabularySize).nOut(o.embedding()).build();
    }

    private static Bidirectional encoderLayer(ModelOptions o) {
        return new Bidirectional(Bidirectional.Mode.CONCAT, new LSTM.Builder().nIn(o.embedding()).nOut(o.hidden() / 2)
                .activation(Activation.TANH).dataFormat(RNNFormat.NCW).build());
    }

    /** The DL4J graph (training, saving). */
    public ComputationGraph graph() {
        return graph;
    }

    public CharVocabulary vocabulary() {
        return vocabulary;
    }

    public ModelOptions options() {
        return options;
    }

    /** Number of trainable parameters. */
    public long parameters() {
        return graph.numParams();
    }

    /**
     * Encoder outputs of a batch of sources. Sources are run through the encoder in groups of equal length, so that
     * no padding ever enters the encoder or the attention (the model is trained on batches of equal source length
     * too: DL4J's attention vertex does not mask padded keys); the results are padded with zeros afterwards.
     *
     * @return keys {@code [n, H, S]} (zero at padding) and the source mask {@code [n, S]}
     */
    public Encoded encode(List<String> sources) {
        int n = sources.size();
        int longest = 1;
        for (String s : sources) {
            longest = Math.max(longest, s.length());
        }
        INDArray keys = Nd4j.zeros(DataType.FLOAT, n, options.hidden(), longest);
        INDArray mask = Nd4j.zeros(DataType.FLOAT, n, longest);
        Map<Integer, List<Integer>> byLength = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            byLength.computeIfAbsent(Math.max(1, sources.get(i).length()), k -> new ArrayList<>()).add(i);
        }
        encoder.getLayer(SOURCE_EMBEDDING).setParams(graph.getLayer(SOURCE_EMBEDDING).params());
        encoder.getLayer(ENCODER).setParams(graph.getLayer(ENCODER).params());
        for (Map.Entry<Integer, List<Integer>> group : byLength.entrySet()) {
            List<Integer> rows = group.getValue();
            int length = group.getKey();
            SequenceBatch.Sources batch = SequenceBatch.sources(vocabulary,
                    rows.stream().map(sources::get).toList());
            INDArray enc = encoder.outputSingle(false, batch.ids());
            for (int j = 0; j < rows.size(); j++) {
                int r = rows.get(j);
                keys.get(NDArrayIndex.point(r), NDArrayIndex.all(), NDArrayIndex.interval(0, length))
                        .assign(enc.get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all()));
                mask.get(NDArrayIndex.point(r), NDArrayIndex.interval(0, length)).assign(1);
            }
        }
        return new Encoded(keys, mask);
    }

    /** Encoder outputs {@code [n, H, S]} and source mask {@code [n, S]}. */
    public record Encoded(INDArray keys, INDArray mask) {
        public int size() {
            return (int) keys.size(0);
        }
    }

    /**
     * A step-wise decoding session over encoded sources, each repeated {@code copies} times (row r decodes source
     * r / copies).
     */
    public StepDecoder decoder(Encoded encoded, int copies) {
        return new Session(encoded, copies);
    }

    /**
     * The graph's own output probabilities {@code [n, V, T]} for teacher-forced targets (for tests; sources of equal
     * length).
     */
    INDArray graphProbabilities(List<String> sources, List<String> targets) {
        SequenceBatch batch = SequenceBatch.of(vocabulary, sources, targets, 0.0);
        graph.setLayerMaskArrays(new INDArray[]{batch.sourceMask(), batch.targetMask()}, null);
        try {
            return graph.outputSingle(false, batch.sourceIds(), batch.targetInput()).dup();
        } finally {
            graph.clearLayerMaskArrays();
        }
    }

    private final class Session implements StepDecoder {
        private final int rows;
        private final int copies;
        private final int hidden;
        private final int sourceLength;
        private final INDArray embedding;
        private final INDArray inputWeights;
        private final INDArray recurrentWeights;
        private final INDArray bias;
        private final INDArray outputWeights;
        private final INDArray outputBias;
        private final float[][][] keys;  // [sources][S][H], shared by the copies of a source
        private final int[] lengths;     // real source lengths
        private INDArray h;
        private INDArray c;

        Session(Encoded encoded, int copies) {
            this.rows = encoded.size() * copies;
            this.copies = copies;
            this.hidden = options.hidden();
            Map<String, INDArray> p = graph.paramTable();
            this.embedding = p.get(TARGET_EMBEDDING + "_W");
            this.inputWeights = p.get(DECODER + "_W");
            this.recurrentWeights = p.get(DECODER + "_RW");
            this.bias = p.get(DECODER + "_b");
            this.outputWeights = p.get(OUTPUT + "_W");
            this.outputBias = p.get(OUTPUT + "_b");
            int n = encoded.size();
            this.sourceLength = (int) encoded.keys().size(2);
            this.keys = new float[n][sourceLength][];
            this.lengths = new int[n];
            float[][] mask = encoded.mask().toFloatMatrix();
            for (int i = 0; i < n; i++) {
                float[][] k = encoded.keys().get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all())
                        .transpose().toFloatMatrix();   // [S][H]
                keys[i] = k;
                int len = 0;
                for (float m : mask[i]) {
                    len += m > 0 ? 1 : 0;
                }
                lengths[i] = len;
            }
            this.h = Nd4j.zeros(DataType.FLOAT, rows, hidden);
            this.c = Nd4j.zeros(DataType.FLOAT, rows, hidden);
        }

        @Override
        public int vocabularySize() {
            return vocabulary.size();
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public float[][] step(int[] previous) {
            return logits(previous).toFloatMatrix();
        }

        /** One decoder step: logits {@code [rows, V]}. */
        INDArray logits(int[] previous) {
            INDArray x = Nd4j.pullRows(embedding, 1, previous);
            INDArray z = x.mmul(inputWeights).addi(h.mmul(recurrentWeights)).addiRowVector(bias);
            int hs = hidden;
            INDArray a = Transforms.tanh(z.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hs)), true);
            INDArray f = Transforms.sigmoid(z.get(NDArrayIndex.all(), NDArrayIndex.interval(hs, 2 * hs)), true);
            INDArray o = Transforms.sigmoid(z.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * hs, 3 * hs)), true);
            INDArray g = Transforms.sigmoid(z.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * hs, 4 * hs)), true);
            c = f.muli(c).addi(g.muli(a));
            h = o.muli(Transforms.tanh(c, true));
            // attention over the real source positions: a_s = softmax(h · e_s / sqrt(H)), context = sum_s a_s e_s
            float[][] query = h.toFloatMatrix();
            float[][] context = new float[rows][hs];
            double scale = 1.0 / Math.sqrt(hs);
            double[] score = new double[sourceLength];
            for (int r = 0; r < rows; r++) {
                float[][] k = keys[r / copies];
                int len = lengths[r / copies];
                float[] q = query[r];
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < len; s++) {
                    float[] e = k[s];
                    double dot = 0;
                    for (int j = 0; j < hs; j++) {
                        dot += q[j] * e[j];
                    }
                    score[s] = dot * scale;
                    max = Math.max(max, score[s]);
                }
                double sum = 0;
                for (int s = 0; s < len; s++) {
                    score[s] = Math.exp(score[s] - max);
                    sum += score[s];
                }
                float[] ctx = context[r];
                for (int s = 0; s < len; s++) {
                    float w = (float) (score[s] / sum);
                    float[] e = k[s];
                    for (int j = 0; j < hs; j++) {
                        ctx[j] += w * e[j];
                    }
                }
            }
            INDArray merged = Nd4j.hstack(h, Nd4j.createFromArray(context));
            return merged.mmul(outputWeights).addiRowVector(outputBias);
        }

        @Override
        public void reorder(int[] parents) {
            h = Nd4j.pullRows(h, 1, parents);
            c = Nd4j.pullRows(c, 1, parents);
        }
    }
}
