package io.gesturestream.model.train;

import io.gesturestream.model.Meter;
import io.gesturestream.model.Model;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.eval.Transcriptions;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.eval.Evaluator;
import io.gesturestream.model.features.Augmenter;
import io.gesturestream.model.features.FeatureEncoder;
import io.gesturestream.model.features.Features;
import io.gesturestream.model.features.Sample;
import io.gesturestream.model.gru.Gru;
import io.gesturestream.model.gru.GruShape;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains a {@link Model} by backpropagation through time with mini-batch Adam and global-norm
 * gradient clipping.
 *
 * <p>Deterministic: a mini-batch is cut into {@link #SHARDS} fixed shards, each with its own
 * gradient buffer, summed in shard order. Threads only decide which shard runs where, so the
 * result is the same bits for a given seed on 1 core or 16.
 *
 * <p>What is kept is an exponential moving average of the weights (decay {@code ema} per step),
 * which varies less from run to run than the last step's weights. Model selection: when
 * {@code valFraction > 0}, that share of the training subjects (writers) is held out, and the
 * epoch whose averaged weights have the best validation accuracy at gesture end is kept (the
 * later one on a tie) when {@code keepBest} is set; by default the last epoch's are kept, since
 * with a few held-out writers the best epoch is mostly chance. The test set is never seen.
 */
public final class Trainer {
    static final int SHARDS = 4;

    private final TrainConfig cfg;
    private final PrintStream log;
    private final Meter epochMeter;
    /** A model to learn from besides the labels (distillation), and the weight of its answers; null for none. */
    private Model teacher;
    private float distill;
    /** Whether to train a spotting model, and the IMU augmentations used. */
    private boolean spot;
    private float spotWeight = SPOT_WEIGHT;
    private float spotMinRunMs = SPOT_MIN_RUN_MS;
    private java.util.Set<Augmenter.ImuPart> imuParts = Augmenter.ALL_IMU;
    private List<List<Sample>> negativeStreams = List.of();
    /** What the model learns to answer: a class per gesture, or a transcription (CTC) of its label's characters. */
    private OutputKind output = OutputKind.CLASSES;
    private boolean shortestFirst;

    public Trainer(TrainConfig cfg, PrintStream log) {
        this(cfg, log, Meter.NONE);
    }

    /**
     * @param log        a line per epoch and the summary
     * @param epochMeter progress within an epoch, in mini-batches (the command line shows it when
     *                   an epoch takes more than a few seconds)
     */
    public Trainer(TrainConfig cfg, PrintStream log, Meter epochMeter) {
        this.cfg = cfg;
        this.log = log;
        this.epochMeter = epochMeter;
    }

    /**
     * Trains against {@code teacher}'s answers as well as the labels: at every step the target
     * is {@code (1 - weight)} the label plus {@code weight} the teacher's distribution after the
     * same step (knowledge distillation), so that a small model learns what a bigger one knows.
     * The teacher must have the labels the data gives and the same feature encoder.
     *
     * <p>A spotting model ({@link #spotting}) learns from a classifier instead: the teacher reads
     * each gesture of a training stream on its own, from the gesture's first sample, and where the
     * gesture's class is the target (from {@link SpotStreams#FROM} of it to its last sample) the
     * target becomes {@code (1 - weight)} the class plus {@code weight} the teacher's distribution
     * over the gesture classes (its {@code unknown}, if it has one, left out and the rest
     * renormalized): how sure one can be of the class so far. Other motion keeps its target. The
     * teacher's gesture classes must be the data's.
     */
    public Trainer withTeacher(Model teacher, float weight) {
        if (!(weight > 0f && weight <= 1f)) throw new IllegalArgumentException("the teacher's weight must be in (0, 1], got " + weight);
        this.teacher = teacher;
        this.distill = weight;
        return this;
    }

    /**
     * Trains a transcription model ({@link OutputKind#CTC}) instead of a classifier: the labels
     * are text, the model's classes the blank and every character (code point) the training
     * labels hold, the loss CTC ({@link Ctc}), and validation scores the character error rate
     * of the greedy transcription, as the stream would give it.
     */
    public Trainer transcribing() {
        this.output = OutputKind.CTC;
        return this;
    }

    /**
     * Trains a prototype model ({@link OutputKind#PROTOTYPES}) with a cosine head
     * ({@link CosineHead}): its states separate classes by angle, as enrollment measures them, so
     * that it can learn further classes from a few examples ({@link io.gesturestream.model.Enrollment}).
     * Each class's threshold is calibrated from its training gestures as enrollment does (the
     * {@link io.gesturestream.model.Enrollment#QUANTILE} quantile of their cosines to its row).
     */
    /**
     * Trains a spotting model ({@link io.gesturestream.model.Spotter}): IMU data only; every
     * training recording is learned inside a continuous stream of other motion ({@link SpotStreams}),
     * with a target per step, and the classes gain {@code unknown}, the reject class, if the data
     * has none. The model's metadata says it spots ({@link Model#SPOTTING_KEY}).
     */
    public Trainer spotting() {
        this.spot = true;
        return this;
    }

    /**
     * How much a step inside a gesture weighs in a spotting model's loss against a step of other
     * motion ({@link Bptt#accumulateFrames(Gru, float[], float[], int, int[], int, float, float[])});
     * {@link #SPOT_WEIGHT} by default.
     */
    public Trainer withSpotWeight(float weight) {
        if (!(weight >= 1f && weight <= 100f)) throw new IllegalArgumentException("spot weight must be in [1, 100], got " + weight);
        this.spotWeight = weight;
        return this;
    }

    /**
     * The default of {@link #withSpotWeight}: chosen by cross-validation over the six magic-wand
     * people outside the test side (docs/wand.md): against 1, the gestures' steps weighing 3 raised
     * the share named after half of a gesture from 77% to 87% and recall from 86% to 89%.
     */
    public static final float SPOT_WEIGHT = 3f;

    /**
     * The shortest run that the model's spotter counts as a gesture, ms, stored in the model
     * ({@link Model#SPOT_MIN_RUN_KEY}); {@link #SPOT_MIN_RUN_MS} by default.
     */
    public Trainer withSpotMinRun(float ms) {
        if (!io.gesturestream.model.Spotter.validMinRun(ms)) {
            throw new IllegalArgumentException("the shortest run must be in [0, " + (int) io.gesturestream.model.Spotter.MAX_RUN_MS + "] ms, got " + ms);
        }
        this.spotMinRunMs = ms;
        return this;
    }

    /**
     * The default of {@link #withSpotMinRun}: with the gestures' steps weighing {@link #SPOT_WEIGHT},
     * models name a gesture more readily, and on the cross-validation folds of docs/wand.md a run
     * of 600 ms (against 400 for models trained before) kept recall at 91.5% and raised precision
     * from 90.8% to 96.0%.
     */
    public static final float SPOT_MIN_RUN_MS = 600f;

    /** 3 as "3", 450.5 as "450.5": a whole number without its ".0". */
    private static String plain(float v) {
        return v == (int) v ? Integer.toString((int) v) : Float.toString(v);
    }

    /**
     * Long unsegmented recordings of other motion for a spotting model to learn from besides the
     * data's gestures labelled {@code unknown}: windows of them are cut into its training streams.
     */
    public Trainer withNegativeStreams(List<List<Sample>> streams) {
        this.negativeStreams = List.copyOf(streams);
        return this;
    }

    /** Only these IMU augmentations (all by default): to measure what each does. */
    public Trainer withImuAugmentation(java.util.Set<Augmenter.ImuPart> parts) {
        this.imuParts = java.util.Set.copyOf(parts);
        return this;
    }

    /**
     * A transcription model's first epoch takes the words shortest first (fewest characters, then
     * fewest points; SortaGrad, Amodei et al., Deep Speech 2, ICML 2016), so that CTC learns to
     * align where alignments are few; later epochs are shuffled as always.
     */
    public Trainer shortestFirst() {
        this.shortestFirst = true;
        return this;
    }

    public Trainer withCosineHead() {
        this.output = OutputKind.PROTOTYPES;
        return this;
    }

    /** A labelled gesture, resolved to a class index, or for a transcription, to its symbols' indices. */
    record Item(List<Sample> samples, int label, int[] target) {}

    /** The blank, then every code point of the labels in order: a transcription model's classes. */
    static List<String> alphabet(List<Gesture> data) {
        TreeSet<Integer> cps = new TreeSet<>();
        for (Gesture g : data) g.label().codePoints().forEach(cps::add);
        List<String> out = new ArrayList<>();
        out.add(OutputKind.BLANK);
        for (int cp : cps) out.add(new String(Character.toChars(cp)));
        return out;
    }

    private static int[] target(String label, List<String> alphabet) {
        return label.codePoints().map(cp -> alphabet.indexOf(new String(Character.toChars(cp)))).toArray();
    }

    public Model train(List<Gesture> data, FeatureEncoder encoder, String name, Map<String, String> metadata) {
        return train(data, null, encoder, name, metadata);
    }

    /**
     * Like {@link #train(List, FeatureEncoder, String, Map)}, validating on {@code validation}
     * (other writers, such as the validation side of a {@link io.gesturestream.model.data.WriterSplit})
     * instead of holding out {@code valFraction} of {@code data}'s; null to hold out. Its gestures
     * with a label that {@code data} lacks are left out.
     */
    public Model train(List<Gesture> data, List<Gesture> validation, FeatureEncoder encoder, String name, Map<String, String> metadata) {
        Fitted f = fit(data, validation, encoder, name, metadata, false);
        if (output == OutputKind.PROTOTYPES) return prototypes(f, data, encoder, name);
        return new Model(name, "1", output, f.shape(), encoder, f.labels(), f.metadata(), f.params());
    }

    /** A cosine head's trained model as a prototype model: its rows the classes' directions, thresholds from the training gestures. */
    private static Model prototypes(Fitted f, List<Gesture> data, FeatureEncoder encoder, String name) {
        GruShape s = f.shape();
        float[] head = CosineHead.headParams(s, f.params());
        Model plain = new Model(name, "1", s, encoder, f.labels(), f.metadata(), head);
        int hs = s.hiddenSize(), c = f.labels().size();
        float[] rows = java.util.Arrays.copyOfRange(head, s.wOut(), s.bOut());
        int[] counts = new int[c];
        List<List<Float>> cos = new ArrayList<>();
        for (int k = 0; k < c; k++) cos.add(new ArrayList<>());
        io.gesturestream.model.Recognizer rec = new io.gesturestream.model.Recognizer(plain);
        for (Gesture g : data) {
            int k = f.labels().indexOf(g.label());
            if (k < 0) continue;
            counts[k]++;
            if (cos.get(k).size() >= 200) continue;   // enough to place a 5% quantile
            float[] e = io.gesturestream.model.Enrollment.embedding(rec, g.samples());
            if (e == null) continue;
            float dot = 0f;
            for (int i = 0; i < hs; i++) dot += e[i] * rows[k * hs + i] / CosineHead.SCALE;
            cos.get(k).add(dot);
        }
        float[] thresholds = new float[c];
        for (int k = 0; k < c; k++) {
            thresholds[k] = io.gesturestream.model.Enrollment.threshold(cos.get(k));
            counts[k] = Math.max(1, counts[k]);
        }
        Map<String, String> meta = new LinkedHashMap<>(f.metadata());
        meta.put("head", "cosine (" + CosineHead.class.getSimpleName() + ", scale " + CosineHead.SCALE + "): trained as a prototype model");
        return Model.prototypes(name, "1", plain, f.labels(), rows, counts, thresholds, meta);
    }

    /**
     * Trains the offline reference for a transcription model ({@link BidirectionalReference}):
     * two stacks of the configured shape, one reading each way, with everything else (data,
     * augmentation, schedule, validation, determinism) as in {@link #train}. For a model of
     * about the causal one's size, give each direction about {@code 1/sqrt(2)} of its units.
     */
    public BidirectionalReference trainBidirectional(List<Gesture> data, List<Gesture> validation, FeatureEncoder encoder, String name,
                                                    Map<String, String> metadata) {
        if (output != OutputKind.CTC) throw new IllegalArgumentException("the bidirectional reference transcribes: train it transcribing()");
        Fitted f = fit(data, validation, encoder, name, metadata, true);
        return new BidirectionalReference(f.shape(), encoder, f.labels(), f.metadata(), f.params());
    }

    /** What {@link #fit} learned: the shape (of each direction), the classes, the metadata and the kept weights. */
    private record Fitted(GruShape shape, List<String> labels, Map<String, String> metadata, float[] params) {}

    private Fitted fit(List<Gesture> data, List<Gesture> validation, FeatureEncoder encoder, String name, Map<String, String> metadata,
                       boolean bi) {
        boolean ctc = output == OutputKind.CTC, cosine = output == OutputKind.PROTOTYPES;
        if (cosine && (teacher != null || cfg.dropout() > 0 || bi)) throw new IllegalArgumentException("a cosine head trains without a teacher, dropout or a second direction");
        TreeSet<String> names = new TreeSet<>(data.stream().map(Gesture::label).toList());
        if (spot) {
            if (ctc || bi) throw new IllegalArgumentException("a spotting model is a classifier");
            if (encoder.kind() != io.gesturestream.model.features.InputKind.IMU) throw new IllegalArgumentException("spotting reads IMU data only");
            names.add(OutputKind.UNKNOWN);
        }
        List<String> labels = ctc ? alphabet(data) : new ArrayList<>(names);
        if (labels.size() < 2) throw new IllegalArgumentException("training data needs at least 2 classes, found " + labels);
        if (ctc && teacher != null) throw new IllegalArgumentException("a transcription model cannot learn from a teacher");
        for (Gesture g : data) {
            if (g.samples().get(0).kind() != encoder.kind()) {
                throw new IllegalArgumentException("a " + encoder.kind() + " model cannot train on " + g.samples().get(0).kind() + " data");
            }
        }
        // hold out whole subjects for validation, unless they are given
        HoldOut holdOut = holdOut(data, validation != null ? 0 : cfg.valFraction(), cfg.seed());
        java.util.Set<String> valSubjects = holdOut.heldOut();
        if (cfg.valFraction() > 0 && !holdOut.problems().isEmpty()) {
            log.println("warning: validation with --val-fraction " + cfg.valFraction() + ": " + String.join("; ", holdOut.problems())
                    + " (--val-fraction 0 trains on everyone)");
        }
        List<Item> train = new ArrayList<>();
        List<Gesture> val = new ArrayList<>();
        for (Gesture g : data) {
            if (valSubjects.contains(g.subject())) val.add(g);
            else if (ctc) train.add(new Item(g.samples(), -1, target(g.label(), labels)));
            else train.add(new Item(g.samples(), labels.indexOf(g.label()), null));
        }
        if (validation != null) {
            java.util.Set<String> known = new java.util.HashSet<>(labels);
            val = validation.stream().filter(g -> ctc ? g.label().codePoints().allMatch(cp -> known.contains(new String(Character.toChars(cp))))
                    : known.contains(g.label())).toList();
            valSubjects = new TreeSet<>(val.stream().map(Gesture::subject).toList());
        }
        int[] taughtClasses = spot && teacher != null ? spotTeacherClasses(teacher, labels) : null;
        if (teacher != null) {
            if (!spot && !teacher.labels().equals(labels)) {
                throw new IllegalArgumentException("the teacher " + teacher.name() + " has labels " + teacher.labels() + ", the data " + labels);
            }
            if (teacher.encoder().kind() != encoder.kind()
                    || !java.util.Arrays.equals(teacher.encoder().parameters(), encoder.parameters())) {
                throw new IllegalArgumentException("the teacher " + teacher.name() + " encodes its input with "
                        + java.util.Arrays.toString(teacher.encoder().parameters()) + ", this model with "
                        + java.util.Arrays.toString(encoder.parameters()) + " (--min-step and --pressure must match)");
            }
        }
        int unknown = labels.indexOf(OutputKind.UNKNOWN);
        SpotStreams spots = null;
        if (spot) {
            List<List<Sample>> negatives = new ArrayList<>(negativeStreams), gestures = new ArrayList<>();
            List<Integer> gestureLabels = new ArrayList<>();
            for (Item it : train) {
                if (it.label() == unknown) {
                    negatives.add(it.samples());
                } else {
                    gestures.add(it.samples());
                    gestureLabels.add(it.label());
                }
            }
            spots = new SpotStreams(negatives, gestures, gestureLabels, cfg.augment(), imuParts);
        }
        final SpotStreams streams = spots;
        GruShape shape = new GruShape(encoder.inputSize(), cfg.hidden(), cfg.layers(), labels.size());
        int size = bi ? 2 * shape.size() : shape.size();
        log.printf("training %s: %d gestures (%s), %d %s for validation (%s), %d classes, %s%s, %d parameters%n",
                name, train.size(), people(holdOut.people() - holdOut.heldOut().size()), val.size(), validation != null ? "given" : "held out",
                people(valSubjects.size()), labels.size(), bi ? "bidirectional, each way " : "", shape, size);

        SplittableRandom initRandom = new SplittableRandom(cfg.seed());
        float[] params = init(shape, initRandom);
        if (bi) {
            params = java.util.Arrays.copyOf(params, size);
            System.arraycopy(init(shape, initRandom), 0, params, shape.size(), shape.size());
        }
        Adam adam = new Adam(size, cfg.learningRate(), cfg.weightDecay());
        Bptt[] workers = new Bptt[SHARDS];
        BiCtc[] pairs = new BiCtc[SHARDS];
        Gru gru = new Gru(shape, bi ? BiCtc.forwardPart(shape, params) : cosine ? CosineHead.headParams(shape, params) : params);
        Gru gruBack = bi ? new Gru(shape, BiCtc.backwardPart(shape, params)) : null;
        for (int s = 0; s < SHARDS; s++) {
            if (bi) pairs[s] = new BiCtc(shape, gru, gruBack);
            else workers[s] = new Bptt(shape, gru, cosine);
        }
        Teaching[] teaching = new Teaching[SHARDS];
        for (int s = 0; s < SHARDS; s++) teaching[s] = teacher == null ? null : new Teaching(teacher);
        float[] grad = new float[size];
        int stepsPerEpoch = (train.size() + cfg.batchSize() - 1) / cfg.batchSize();
        long totalSteps = (long) stepsPerEpoch * cfg.epochs();
        long step = 0;
        float[] ema = params.clone();
        float[] best = params.clone();
        double bestVal = -1;
        int bestEpoch = 0;
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(cfg.threads(), SHARDS), r -> {
            Thread t = new Thread(r, "train-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            SplittableRandom order = new SplittableRandom(cfg.seed() ^ 0x5DEECE66DL);
            int[] idx = new int[train.size()];
            for (int i = 0; i < idx.length; i++) idx[i] = i;
            for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
                long t0 = System.nanoTime();
                shuffle(idx, order);
                if (shortestFirst && ctc && epoch == 1) sortShortestFirst(idx, train);
                double lossSum = 0;
                int correct = 0, unspellableSum = 0;
                double valAcc = Double.NaN;
                try (Meter.Step bar = epochMeter.start("epoch " + epoch + "/" + cfg.epochs(), stepsPerEpoch, "batches")) {
                    for (int b = 0; b < stepsPerEpoch; b++) {
                        int from = b * cfg.batchSize(), to = Math.min(idx.length, from + cfg.batchSize());
                        final Gru g = gru, gb = gruBack;
                        final float[] p = cosine ? CosineHead.headParams(shape, params) : params;
                        final float[] pf = bi ? BiCtc.forwardPart(shape, params) : null, pb = bi ? BiCtc.backwardPart(shape, params) : null;
                        final int ep = epoch;
                        List<Future<double[]>> futures = new ArrayList<>();
                        for (int s = 0; s < SHARDS; s++) {
                            int sFrom = from + (to - from) * s / SHARDS, sTo = from + (to - from) * (s + 1) / SHARDS;
                            Bptt w = workers[s];
                            BiCtc pair = pairs[s];
                            Teaching teach = teaching[s];
                            futures.add(pool.submit(() -> {
                                if (bi) {
                                    java.util.Arrays.fill(pair.forward.grad, 0f);
                                    java.util.Arrays.fill(pair.backward.grad, 0f);
                                } else {
                                    java.util.Arrays.fill(w.grad, 0f);
                                }
                                double loss = 0;
                                int ok = 0, unspellable = 0;
                                for (int k = sFrom; k < sTo; k++) {
                                    Item it = train.get(idx[k]);
                                    List<Sample> samples = it.samples();
                                    SplittableRandom rnd = itemRandom(cfg.seed(), ep, idx[k]);
                                    if (cfg.styles() && !ctc) samples = Styles.restyle(samples, labels.get(it.label()), rnd);
                                    if (cfg.augment() > 0) samples = Augmenter.augment(samples, cfg.augment(), cfg.maxDensity(), imuParts, rnd);
                                    int[] frames = null;
                                    float[] taught = null;
                                    if (streams != null) {
                                        SpotStreams.Built built = streams.around(samples, it.label(), unknown, rnd);
                                        samples = built.samples();
                                        frames = built.targets();
                                        if (teach != null) taught = teach.spotAnswers(encoder, built, taughtClasses, labels.size(), unknown);
                                    }
                                    float[] x = Features.encode(encoder, samples);
                                    float[] mask = dropoutMask(shape.hiddenSize(), cfg.dropout(), rnd);
                                    int steps = x.length / encoder.inputSize();
                                    if (bi) {
                                        float[] maskBack = dropoutMask(shape.hiddenSize(), cfg.dropout(), rnd);
                                        double l = pair.accumulate(g, gb, pf, pb, x, steps, it.target(), it.target().length, mask, maskBack);
                                        if (l == Double.POSITIVE_INFINITY) {
                                            unspellable++;
                                            continue;
                                        }
                                        loss += l;
                                        if (pair.lastCorrect()) ok++;
                                        continue;
                                    } else if (ctc) {
                                        double l = w.accumulateCtc(g, p, x, steps, it.target(), it.target().length, mask);
                                        if (l == Double.POSITIVE_INFINITY) {
                                            unspellable++;
                                            continue;
                                        }
                                        loss += l;
                                    } else if (frames != null) {
                                        loss += w.accumulateFrames(g, p, x, steps, frames, unknown, spotWeight, mask, taught, distill);
                                    } else {
                                        float[] soft = teach == null ? null : teach.answers(x, steps);
                                        loss += w.accumulate(g, p, x, steps, it.label(), mask, soft, distill);
                                    }
                                    if (w.lastCorrect()) ok++;
                                }
                                return new double[] {loss, ok, unspellable};
                            }));
                        }
                        java.util.Arrays.fill(grad, 0f);
                        for (int s = 0; s < SHARDS; s++) {
                            double[] r = get(futures.get(s));
                            lossSum += r[0];
                            correct += (int) r[1];
                            unspellableSum += (int) r[2];
                            if (bi) {
                                float[] wf = pairs[s].forward.grad, wb = pairs[s].backward.grad;
                                int half = shape.size();
                                for (int i = 0; i < half; i++) grad[i] += wf[i];
                                for (int i = 0; i < half; i++) grad[half + i] += wb[i];
                            } else {
                                float[] wg = workers[s].grad;
                                for (int i = 0; i < grad.length; i++) grad[i] += wg[i];
                            }
                        }
                        if (cosine) CosineHead.rawGradient(shape, params, grad);   // linear in the gradient: before the mean and the clip
                        float scale = 1f / (to - from);
                        double norm = 0;
                        for (int i = 0; i < grad.length; i++) {
                            grad[i] *= scale;
                            norm += (double) grad[i] * grad[i];
                        }
                        norm = Math.sqrt(norm);
                        if (norm > cfg.clipNorm()) {
                            float c = (float) (cfg.clipNorm() / norm);
                            for (int i = 0; i < grad.length; i++) grad[i] *= c;
                        }
                        // cosine decay of the learning rate to 2% of its start
                        double progress = (double) step / totalSteps;
                        float lr = (float) (cfg.learningRate() * (0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * progress))));
                        adam.update(params, grad, lr);
                        step++;
                        // exponential moving average of the weights (Polyak and Juditsky 1992): what is validated and kept
                        float d = (float) Math.min(cfg.ema(), (1.0 + step) / (10.0 + step));
                        for (int i = 0; i < ema.length; i++) ema[i] = d * ema[i] + (1 - d) * params[i];
                        if (bi) {
                            gru = new Gru(shape, BiCtc.forwardPart(shape, params));
                            gruBack = new Gru(shape, BiCtc.backwardPart(shape, params));
                        } else {
                            gru = new Gru(shape, cosine ? CosineHead.headParams(shape, params) : params);
                        }
                        bar.update(b + 1);
                    }
                    if (!val.isEmpty() && bi) {
                        valAcc = 1 - new BidirectionalReference(shape, encoder, labels, Map.of(), ema).score(val).cer();
                        if (!cfg.keepBest() || valAcc >= bestVal) {
                            bestVal = valAcc;
                            best = ema.clone();
                            bestEpoch = epoch;
                        }
                    } else if (!val.isEmpty()) {
                        // a cosine head's argmax is that of its scaled rows with no bias: a classifier of those weights
                        Model m = cosine ? new Model(name, "dev", shape, encoder, labels, Map.of(), CosineHead.headParams(shape, ema))
                                : new Model(name, "dev", output, shape, encoder, labels, Map.of(), ema);
                        // a transcription is validated by 1 - CER, so that higher is better in both cases
                        valAcc = ctc ? 1 - Transcriptions.score(m, val, cfg.threads()).cer() : Evaluator.finalAccuracy(m, val, cfg.threads());
                        if (!cfg.keepBest() || valAcc >= bestVal) {
                            bestVal = valAcc;
                            best = ema.clone();
                            bestEpoch = epoch;
                        }
                    } else {
                        best = ema.clone();
                        bestEpoch = epoch;
                    }
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                double elapsed = (System.nanoTime() - start) / 1e9;
                double eta = elapsed / epoch * (cfg.epochs() - epoch);
                if (ctc) {
                    log.printf("epoch %3d/%d  loss %.4f  train words %6.2f%%  val CER %s  %5.1fs  ETA %s%s%n", epoch, cfg.epochs(),
                            lossSum / Math.max(1, train.size() - unspellableSum), 100.0 * correct / train.size(),
                            Double.isNaN(valAcc) ? "   n/a " : String.format("%6.2f%%", 100 * (1 - valAcc)), secs, duration(eta),
                            unspellableSum > 0 ? ", " + unspellableSum + " skipped: more characters than steps" : "");
                } else {
                    log.printf("epoch %3d/%d  loss %.4f  train acc %6.2f%%  val acc %s  %5.1fs  ETA %s%n", epoch, cfg.epochs(),
                            lossSum / train.size(), 100.0 * correct / train.size(),
                            Double.isNaN(valAcc) ? "   n/a " : String.format("%6.2f%%", 100 * valAcc), secs, duration(eta));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("seed", Long.toString(cfg.seed()));
        meta.put("config", cfg.toString());
        meta.put("trainGestures", Integer.toString(train.size()));
        if (teacher != null) {
            meta.put("teacher", teacher.name() + " " + teacher.version() + " " + teacher.shape() + ", weight " + distill);
            String taughtBy = teacher.metadata().get("command");
            if (taughtBy != null) meta.put("teacher.command", taughtBy);
        }
        if (spot) {
            meta.put(Model.SPOTTING_KEY, "trained in streams of other motion: " + SpotStreams.class.getSimpleName() + ", class from "
                    + SpotStreams.FROM + " of a gesture to " + SpotStreams.TAIL_MS + " ms after it, its steps weighing "
                    + plain(spotWeight) + " against other motion's");
            meta.put(Model.SPOT_MIN_RUN_KEY, plain(spotMinRunMs));
        }
        if (!imuParts.equals(Augmenter.ALL_IMU) && encoder.kind() == io.gesturestream.model.features.InputKind.IMU) {
            meta.put("augment.imu", imuParts.isEmpty() ? "none" : String.join(",", imuParts.stream().map(x -> x.name().toLowerCase(java.util.Locale.ROOT)).sorted().toList()));
        }
        meta.put("validationSubjects", String.join(",", new TreeSet<>(valSubjects)));
        if (bestVal >= 0) meta.put(ctc ? "validationCer" : "validationAccuracy", String.format("%.4f", ctc ? 1 - bestVal : bestVal));
        meta.put("bestEpoch", Integer.toString(bestEpoch));
        meta.put("trainSeconds", String.format("%.0f", wall));
        log.printf("done in %s; kept epoch %d%s%n", duration(wall), bestEpoch, bestVal < 0 ? ""
                : ctc ? String.format(" (validation CER %.2f%%)", 100 * (1 - bestVal)) : String.format(" (validation accuracy %.2f%%)", 100 * bestVal));
        if (bi) meta.put("bidirectional", "two stacks of " + shape + ", one reading each way, logits added (offline only)");
        return new Fitted(shape, labels, meta, best);
    }

    /** Reorders {@code idx} by its items' characters, then points, keeping the present order among equals. */
    static void sortShortestFirst(int[] idx, List<Item> train) {
        Integer[] boxed = new Integer[idx.length];
        for (int i = 0; i < idx.length; i++) boxed[i] = idx[i];
        java.util.Arrays.sort(boxed, java.util.Comparator.<Integer>comparingInt(i -> train.get(i).target().length)
                .thenComparingInt(i -> train.get(i).samples().size()));
        for (int i = 0; i < idx.length; i++) idx[i] = boxed[i];
    }

    /**
     * A spotting model's teacher's classes as the student's ({@code -1} for its reject class): its
     * gesture classes must be the data's, its reject class is optional.
     */
    static int[] spotTeacherClasses(Model teacher, List<String> labels) {
        List<String> gestures = labels.stream().filter(l -> !l.equals(OutputKind.UNKNOWN)).toList();
        List<String> taught = teacher.labels().stream().filter(l -> !l.equals(OutputKind.UNKNOWN)).toList();
        if (!new TreeSet<>(taught).equals(new TreeSet<>(gestures))) {
            throw new IllegalArgumentException("the teacher " + teacher.name() + " has gesture classes " + taught + ", the data " + gestures);
        }
        int[] map = new int[teacher.labels().size()];
        for (int k = 0; k < map.length; k++) {
            String label = teacher.labels().get(k);
            map[k] = label.equals(OutputKind.UNKNOWN) ? -1 : labels.indexOf(label);
        }
        return map;
    }

    /** A worker's run of the teacher: its distribution after every step of a sequence, in buffers of its own. */
    static final class Teaching {
        private final Gru gru;
        private final Gru.Workspace ws;
        private final float[] h, p;
        private final int in, classes;
        private float[] soft = new float[0];

        Teaching(Model teacher) {
            this.gru = teacher.gru();
            this.ws = gru.newWorkspace();
            this.h = new float[teacher.shape().stateSize()];
            this.classes = teacher.shape().classes();
            this.p = new float[classes];
            this.in = teacher.shape().inputSize();
        }

        /**
         * For a spotting stream: a row of {@code studentClasses} per sample, the teacher's
         * distribution over the gesture classes ({@code map[k]}, the student's class of the
         * teacher's class k, -1 for its reject class) after reading the gesture alone up to that
         * sample, where {@code built}'s target is the gesture's class; zero rows elsewhere.
         */
        float[] spotAnswers(FeatureEncoder encoder, SpotStreams.Built built, int[] map, int studentClasses, int reject) {
            float[] rows = new float[built.targets().length * studentClasses];
            for (io.gesturestream.model.data.Splice.Event span : built.gestures()) {
                List<Sample> gesture = built.samples().subList(span.first(), span.last() + 1);
                float[] x = Features.encode(encoder, gesture);
                if (x.length / in != gesture.size()) throw new IllegalStateException("a spotting teacher needs a step per sample");
                float[] q = answers(x, gesture.size());
                for (int i = 0; i < gesture.size(); i++) {
                    int t = span.first() + i;
                    if (built.targets()[t] == reject) continue;
                    float z = 0f;
                    for (int k = 0; k < classes; k++) if (map[k] >= 0) z += q[i * classes + k];
                    if (!(z > 0f)) continue;
                    for (int k = 0; k < classes; k++) if (map[k] >= 0) rows[t * studentClasses + map[k]] = q[i * classes + k] / z;
                }
            }
            return rows;
        }

        float[] answers(float[] x, int steps) {
            if (soft.length < steps * classes) soft = new float[Math.max(steps * classes, 2 * soft.length)];
            java.util.Arrays.fill(h, 0f);
            for (int t = 0; t < steps; t++) {
                gru.step(x, t * in, h, ws);
                gru.probabilities(h, p, ws);
                System.arraycopy(p, 0, soft, t * classes, classes);
            }
            return soft;
        }
    }

    /**
     * Who {@link #train} holds out for validation, and what makes that hold-out of little use, if
     * anything (empty when it is fine).
     *
     * @param people  how many people (subjects, writers, sessions) the data has
     * @param heldOut the people held out, whole
     */
    public record HoldOut(int people, java.util.Set<String> heldOut, int heldOutGestures, List<String> problems) {}

    /** Fewer held-out gestures than this give a validation accuracy too coarse to tell epochs apart. */
    static final int MIN_VALIDATION_GESTURES = 10;

    /**
     * The split {@link #train} makes: {@code valFraction} of the people, rounded, at least one
     * when there are two or more, shuffled with the seed, and what is wrong with it.
     */
    public static HoldOut holdOut(List<Gesture> data, double valFraction, long seed) {
        List<String> subjects = new ArrayList<>(new TreeSet<>(data.stream().map(Gesture::subject).toList()));
        int n = subjects.size();
        int nVal = (int) Math.round(n * valFraction);
        boolean roundedUp = valFraction > 0 && nVal == 0 && n > 1;
        if (roundedUp) nVal = 1;
        java.util.Collections.shuffle(subjects, new java.util.Random(seed));
        java.util.Set<String> held = java.util.Set.copyOf(subjects.subList(0, Math.max(0, Math.min(nVal, n - 1))));
        List<String> problems = new ArrayList<>();
        if (valFraction <= 0) return new HoldOut(n, held, 0, problems);
        TreeSet<String> heldClasses = new TreeSet<>(), trainClasses = new TreeSet<>();
        int heldGestures = 0;
        for (Gesture g : data) {
            if (held.contains(g.subject())) {
                heldGestures++;
                heldClasses.add(g.label());
            } else {
                trainClasses.add(g.label());
            }
        }
        if (held.isEmpty()) {
            problems.add("the data has " + people(n) + ", so no one is held out and there is no validation accuracy");
            return new HoldOut(n, held, 0, problems);
        }
        if (roundedUp) {
            problems.add(String.format(java.util.Locale.ROOT, "too few people for a %.0f%% hold-out: 1 of %s is %.0f%% of them",
                    100 * valFraction, people(n), 100.0 / n));
        }
        TreeSet<String> onlyHeld = new TreeSet<>(heldClasses);
        onlyHeld.removeAll(trainClasses);
        if (!onlyHeld.isEmpty()) {
            problems.add("only the held-out people have class" + (onlyHeld.size() == 1 ? " " : "es ") + String.join(", ", onlyHeld)
                    + ", which the model then never trains on");
        }
        if (heldClasses.size() == 1) problems.add("the held-out people have one class only (" + heldClasses.first() + ")");
        if (heldGestures < MIN_VALIDATION_GESTURES) problems.add("only " + heldGestures + " gesture" + (heldGestures == 1 ? " is" : "s are") + " held out");
        return new HoldOut(n, held, heldGestures, problems);
    }

    /** "1 person", "3 people". */
    public static String people(int n) {
        return n == 1 ? "1 person" : n + " people";
    }

    private static SplittableRandom itemRandom(long seed, int epoch, int item) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + item * 0x94D049BB133111EBL;
        return new SplittableRandom(h);
    }

    private static float[] dropoutMask(int n, float rate, SplittableRandom r) {
        if (rate <= 0f) return null;
        float[] m = new float[n];
        float keep = 1f / (1f - rate);
        for (int i = 0; i < n; i++) m[i] = r.nextDouble() < rate ? 0f : keep;
        return m;
    }

    private static void shuffle(int[] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** PyTorch's GRU initialization: every weight and bias uniform in [-1/sqrt(H), 1/sqrt(H)]. */
    static float[] init(GruShape s, SplittableRandom r) {
        float[] p = new float[s.size()];
        double k = 1.0 / Math.sqrt(s.hiddenSize());
        for (int i = 0; i < s.bOut(); i++) p[i] = (float) r.nextDouble(-k, k);
        return p;
    }

    private static double[] get(Future<double[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }
}
