package io.gesturestream.model;

import io.gesturestream.model.features.FeatureEncoder;
import io.gesturestream.model.gru.Gru;
import io.gesturestream.model.gru.GruShape;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained recognizer: the GRU's weights, the feature encoder they were trained with, the class
 * labels and the training metadata. Immutable and shared by all threads. Saved and loaded by
 * {@link ModelFile}.
 */
public final class Model {
    /** Models shipped in this jar, under {@code /models/NAME.gru}. */
    public static final List<String> BUNDLED = List.of("pendigits", "dollar16", "digits", "latin", "words", "gestures", "wand");

    private final String name;
    private final String version;
    private final OutputKind output;
    /** Whether every weight is a half (binary16) and the file stores them in 2 bytes. */
    private final boolean halfWeights;
    private final GruShape shape;
    private final FeatureEncoder encoder;
    private final List<String> labels;
    private final Map<String, String> metadata;
    private final float[] params;
    private final Gru gru;
    /** A prototype model's per class: examples enrolled, the length of its mean embedding, its fit threshold; null otherwise. */
    private final int[] examples;
    private final float[] prototypeNorms, thresholds;
    private final float spotMinRunMs;
    /** {@link #spotting()}, asked for every stored session read: looked up once. */
    private final boolean spotting;
    private final int checksum;
    /** The labels it answers over (see {@link #restrictedTo}); null for all. */
    private final LabelSet restriction;
    private final java.util.BitSet allowed;
    /** A transcription model's word list, beam width and commit share (see {@link #withLexicon}); null, 0, 0 for none. */
    private final Lexicon lexicon;
    private final int lexiconWidth;
    private final float lexiconCommit;

    /** A classifier ({@link OutputKind#CLASSES}). */
    public Model(String name, String version, GruShape shape, FeatureEncoder encoder, List<String> labels,
                 Map<String, String> metadata, float[] params) {
        this(name, version, OutputKind.CLASSES, false, shape, encoder, labels, metadata, params, null);
    }

    /**
     * A model whose head answers as {@code output} says; for {@link OutputKind#CTC}, {@code labels}
     * are the blank ({@link OutputKind#BLANK}) and then the alphabet, each symbol non-empty.
     */
    public Model(String name, String version, OutputKind output, GruShape shape, FeatureEncoder encoder, List<String> labels,
                 Map<String, String> metadata, float[] params) {
        this(name, version, output, false, shape, encoder, labels, metadata, params, null);
    }

    /** @param fileChecksum the CRC of the file the model was read from, which {@link ModelFile#write} writes again; null: compute it */
    Model(String name, String version, OutputKind output, boolean halfWeights, GruShape shape, FeatureEncoder encoder, List<String> labels,
          Map<String, String> metadata, float[] params, Integer fileChecksum) {
        if (halfWeights) {
            for (int i = 0; i < params.length; i++) {
                if (Float.floatToRawIntBits(Half.round(params[i])) != Float.floatToRawIntBits(params[i])) {
                    throw new IllegalArgumentException("weight " + i + " (" + params[i] + ") is not a half: round with withHalfWeights()");
                }
            }
        }
        if (output == OutputKind.CTC) {
            if (!labels.get(0).equals(OutputKind.BLANK)) {
                throw new IllegalArgumentException("a transcription model's label 0 must be the blank (\"\"), got \"" + labels.get(0) + "\"");
            }
            for (int i = 1; i < labels.size(); i++) {
                if (labels.get(i).isEmpty()) throw new IllegalArgumentException("a transcription model's symbol " + i + " is empty");
            }
        }
        if (output == OutputKind.PROTOTYPES) {
            examples = parseInts(metadata.get(EXAMPLES_KEY), shape.classes(), EXAMPLES_KEY);
            thresholds = parseFloats(metadata.get(THRESHOLDS_KEY), shape.classes(), THRESHOLDS_KEY);
            prototypeNorms = new float[shape.classes()];
            int h = shape.headInput();
            for (int c = 0; c < shape.classes(); c++) {
                if (params[shape.bOut() + c] != 0f) throw new IllegalArgumentException("a prototype model's head has no bias (class " + c + ")");
                if (labels.get(c).equals(OutputKind.UNKNOWN)) throw new IllegalArgumentException("\"" + OutputKind.UNKNOWN + "\" is no class's label");
                float n2 = 0f;
                for (int k = 0; k < h; k++) n2 += params[shape.wOut() + c * h + k] * params[shape.wOut() + c * h + k];
                prototypeNorms[c] = (float) Math.sqrt(n2);
                if (!(prototypeNorms[c] > 0f)) throw new IllegalArgumentException("class " + labels.get(c) + " has an empty prototype");
            }
        } else {
            if (shape.embedding() != 0 || shape.pooledLayers() != 0) throw new IllegalArgumentException("only a prototype model embeds more than the state");
            examples = null;
            thresholds = null;
            prototypeNorms = null;
        }
        spotMinRunMs = spotMinRun(metadata.get(SPOT_MIN_RUN_KEY));
        spotting = metadata.containsKey(SPOTTING_KEY);
        if (shape.inputSize() != encoder.inputSize()) {
            throw new IllegalArgumentException("GRU input size " + shape.inputSize()
                    + " does not match the encoder's " + encoder.inputSize());
        }
        if (labels.size() != shape.classes()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + shape.classes() + " classes");
        }
        this.name = name;
        this.version = version;
        this.output = output;
        this.halfWeights = halfWeights;
        this.shape = shape;
        this.encoder = encoder;
        this.labels = List.copyOf(labels);
        this.metadata = Map.copyOf(new LinkedHashMap<>(metadata));
        this.params = params.clone();
        this.gru = new Gru(shape, this.params);
        this.checksum = fileChecksum != null ? fileChecksum : ModelFile.checksumOf(this);  // every field it writes is set
        this.restriction = null;
        this.allowed = null;
        this.lexicon = null;
        this.lexiconWidth = 0;
        this.lexiconCommit = 0f;
    }

    private Model(Model m, LabelSet restriction, java.util.BitSet allowed) {
        this(m, restriction, allowed, m.lexicon, m.lexiconWidth, m.lexiconCommit);
    }

    private Model(Model m, LabelSet restriction, java.util.BitSet allowed, Lexicon lexicon, int lexiconWidth, float lexiconCommit) {
        this.lexicon = lexicon;
        this.lexiconWidth = lexiconWidth;
        this.lexiconCommit = lexiconCommit;
        this.name = m.name;
        this.version = m.version;
        this.output = m.output;
        this.halfWeights = m.halfWeights;
        this.shape = m.shape;
        this.encoder = m.encoder;
        this.labels = m.labels;
        this.metadata = m.metadata;
        this.params = m.params;
        this.gru = m.gru;
        this.examples = m.examples;
        this.prototypeNorms = m.prototypeNorms;
        this.thresholds = m.thresholds;
        this.spotMinRunMs = m.spotMinRunMs;
        this.spotting = m.spotting;
        this.checksum = m.checksum;
        this.restriction = restriction;
        this.allowed = allowed;
    }

    /**
     * The same model answering over the labels of {@code set} only: its {@link Recognizer}s give
     * the other classes probability 0 (see {@link LabelSet}). Same weights and checksum, so a
     * session's state moves freely between the two. Null: all labels.
     *
     * @throws IllegalArgumentException when an item of {@code set} names none of the labels
     */
    public Model restrictedTo(LabelSet set) {
        if (set != null && output == OutputKind.CTC) {
            throw new IllegalArgumentException("a transcription model cannot be restricted to labels");
        }
        Model base = restriction == null ? this : new Model(this, null, null);
        if (set == null) return base;
        java.util.BitSet a = set.select(labels);
        return new Model(base, set, a.cardinality() == labels.size() ? null : a);
    }

    /**
     * The same transcription model with a lexicon: its {@link Recognizer}s also run a
     * {@link LexiconBeam} of {@code width} over it, every step, so that a session's text can be
     * read as words (see {@link Recognizer#text}). Same weights and checksum; the lexicon's own
     * checksum goes into the session's state, which only a model with the same lexicon reads.
     * Null: none.
     *
     * @throws IllegalArgumentException for a classifier, a lexicon over another alphabet, or a width under 1
     */
    public Model withLexicon(Lexicon lexicon, int width) {
        return withLexicon(lexicon, width, DEFAULT_COMMIT);
    }

    /**
     * As {@link #withLexicon(Lexicon, int)}, with the share of the beam's probability that the
     * beam may give up to settle a prefix sooner ({@link LexiconBeam}): 0 keeps every hypothesis
     * until it falls out of the beam.
     *
     * @throws IllegalArgumentException also for a commit share outside [0, 1)
     */
    public Model withLexicon(Lexicon lexicon, int width, float commit) {
        if (lexicon == null) return new Model(this, restriction, allowed, null, 0, 0f);
        if (output != OutputKind.CTC) throw new IllegalArgumentException("model " + name + " does not transcribe: no lexicon");
        if (!lexicon.alphabet().equals(labels)) throw new IllegalArgumentException("the lexicon is over another alphabet");
        if (width < 1 || width > 65535) throw new IllegalArgumentException("beam width must be in [1, 65535], got " + width);
        if (!(commit >= 0f && commit < 1f)) throw new IllegalArgumentException("the lexicon commit share must be in [0, 1), got " + commit);
        return new Model(this, restriction, allowed, lexicon, width, commit);
    }

    /** Its lexicon beam's commit share (see {@link #withLexicon(Lexicon, int, float)}); 0 without a lexicon. */
    public float lexiconCommit() {
        return lexiconCommit;
    }

    /** The lexicon given to {@link #withLexicon}; null for none. */
    public Lexicon lexicon() {
        return lexicon;
    }

    /** Its beam width; 0 without a lexicon. */
    public int lexiconWidth() {
        return lexiconWidth;
    }

    /** The restriction given to {@link #restrictedTo}; null for none. */
    public LabelSet restriction() {
        return restriction;
    }

    /** The classes a restricted model answers over, in label order; null when it answers over all. */
    public java.util.BitSet allowed() {
        return allowed == null ? null : (java.util.BitSet) allowed.clone();
    }

    /** A bundled model's name, or a path to a model file. */
    public static Model load(String nameOrPath) throws IOException, ModelFormatException {
        if (BUNDLED.contains(nameOrPath)) return bundled(nameOrPath);
        Path p = Path.of(nameOrPath);
        if (!Files.isRegularFile(p)) {
            throw new IOException("no model file at " + nameOrPath + " (bundled models: " + String.join(", ", BUNDLED) + ")");
        }
        long size = Files.size(p);
        if (size > MAX_FILE_BYTES) {
            throw new ModelFormatException(nameOrPath + ": " + size + " bytes is larger than any model this build reads ("
                    + MAX_FILE_BYTES + ")");
        }
        try {
            return ModelFile.read(Files.readAllBytes(p));
        } catch (ModelFormatException e) {
            throw new ModelFormatException(nameOrPath + ": " + e.getMessage());
        }
    }

    /** 64 MiB: a 2-layer model with 1,024 hidden units is about 38 MiB. */
    public static final long MAX_FILE_BYTES = 64L << 20;

    /**
     * A model shipped in this jar; a transcription model with its default lexicon when one is
     * shipped with it ({@code /models/NAME.lexicon.gz}, beam width {@link #DEFAULT_BEAM}).
     */
    public static Model bundled(String name) throws IOException, ModelFormatException {
        Model m;
        try (InputStream in = Model.class.getResourceAsStream("/models/" + name + ".gru")) {
            if (in == null) throw new IOException("no bundled model named " + name);
            m = ModelFile.read(in.readAllBytes());
        }
        Lexicon lex = bundledLexicon(name, m);
        return lex == null ? m : m.withLexicon(lex, DEFAULT_BEAM);
    }

    /** The beam width of a bundled model's default lexicon. */
    public static final int DEFAULT_BEAM = 16;

    /**
     * The lexicon beam's default commit share: the smallest of 0, 0.001, 0.01, 0.05, 0.1, 0.2, 0.3
     * whose median stable lag on the bundled words model's validation writers is at most 25 points
     * (65 points at 0), for 1.1 points of word error (46.9% to 48.0% there).
     */
    public static final float DEFAULT_COMMIT = 0.1f;

    /** Bundled lexicons, built once per model file (a trie of some 200,000 words takes a while). */
    private static final Map<Integer, Lexicon> BUNDLED_LEXICONS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Lexicon bundledLexicon(String name, Model m) throws IOException {
        if (m.output() != OutputKind.CTC) return null;
        Lexicon cached = BUNDLED_LEXICONS.get(m.checksum());
        if (cached != null) return cached;
        try (InputStream in = Model.class.getResourceAsStream("/models/" + name + ".lexicon.gz")) {
            if (in == null) return null;
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(in),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                Lexicon lex = Lexicon.of(Lexicon.words(r.lines().toList()), m);
                BUNDLED_LEXICONS.put(m.checksum(), lex);
                return lex;
            }
        }
    }

    public String name() { return name; }
    public String version() { return version; }
    /** What the head answers: gesture classes, or a transcription. */
    public OutputKind output() { return output; }
    /** Whether the weights are halves, stored in 2 bytes each ({@link #withHalfWeights}). */
    public boolean halfWeights() { return halfWeights; }
    public GruShape shape() { return shape; }
    public FeatureEncoder encoder() { return encoder; }
    public List<String> labels() { return labels; }
    public Map<String, String> metadata() { return metadata; }
    public Gru gru() { return gru; }

    /** A copy of the flat parameters, in the {@link GruShape} layout. */
    public float[] parameters() {
        return params.clone();
    }

    /**
     * CRC-32C of this model's file bytes, as {@link ModelFile#write} writes them: identifies the
     * exact weights a session started with. Taken from the file a model is read from (computed
     * once when it is built in memory).
     */
    public int checksum() {
        return checksum;
    }

    /** The same weights under a new name, version or metadata. */
    public Model withInfo(String name, String version, Map<String, String> metadata) {
        return new Model(name, version, output, halfWeights, shape, encoder, labels, metadata, params, null).restrictedTo(restriction);
    }

    /**
     * The same model with every weight rounded to the nearest half (IEEE binary16, ties to even):
     * a file of half the size, computed in float as before (so streaming and offline still agree
     * bit for bit), answering very nearly as before: measure it.
     */
    public Model withHalfWeights() {
        float[] p = params.clone();
        for (int i = 0; i < p.length; i++) p[i] = Half.round(p[i]);
        return new Model(name, version, output, true, shape, encoder, labels, metadata, p, null).restrictedTo(restriction);
    }

    /** Metadata of a prototype model: each class's number of enrolled examples, in label order, comma-separated. */
    public static final String EXAMPLES_KEY = "prototypes.examples";
    /**
     * Metadata of a spotting model ({@link Spotter}): present when the model was trained to name a
     * gesture while it is made and to drop the name once it is over, in a continuous stream.
     */
    public static final String SPOTTING_KEY = "spotting";

    /** Whether this model spots gestures in continuous streams ({@link #SPOTTING_KEY}). */
    public boolean spotting() {
        return spotting;
    }

    /**
     * Metadata of a spotting model: the shortest run that is a gesture, in ms ({@link Spotter}),
     * chosen with the model; {@link Spotter#MIN_RUN_MS} when absent (the files written before it).
     */
    public static final String SPOT_MIN_RUN_KEY = "spotting.minRunMs";

    /** The shortest run that its spotter counts as a gesture, ms ({@link #SPOT_MIN_RUN_KEY}). */
    public float spotMinRunMs() {
        return spotMinRunMs;
    }

    private static float spotMinRun(String v) {
        if (v == null) return Spotter.MIN_RUN_MS;
        float ms;
        try {
            ms = Float.parseFloat(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SPOT_MIN_RUN_KEY + ": '" + v + "' is no number");
        }
        if (!Spotter.validMinRun(ms)) {
            throw new IllegalArgumentException(SPOT_MIN_RUN_KEY + " must be in [0, " + (int) Spotter.MAX_RUN_MS + "] ms, got " + v);
        }
        return ms;
    }

    /** Metadata of a prototype model: each class's fit threshold (cosine), in label order, comma-separated. */
    public static final String THRESHOLDS_KEY = "prototypes.thresholds";
    /**
     * A prototype model's probabilities are {@code softmax(SCALE cos)} of the cosines between the
     * state and each class's mean: 16 makes a cosine 0.1 nearer about 5 times as likely.
     */
    public static final float PROTOTYPE_SCALE = 16f;

    /** As {@link #prototypes(String, String, Model, List, float[], int[], float[], Map, Embedding)}, a classifier base's state alone. */
    public static Model prototypes(String name, String version, Model base, List<String> labels, float[] means, int[] counts,
                                   float[] thresholds, Map<String, String> metadata) {
        return prototypes(name, version, base, labels, means, counts, thresholds, metadata, Embedding.STATE);
    }

    /**
     * A prototype model ({@link OutputKind#PROTOTYPES}) on {@code base}'s feature encoder and
     * GRU: class c's mean embedding is {@code means[cW, (c+1)W)}, enrolled from {@code counts[c]}
     * examples, with fit threshold {@code thresholds[c]}. Half weights when {@code base} has them
     * (the means rounded too).
     *
     * <p>The embedding, of width W: a prototype {@code base}'s own; for a classifier {@code base},
     * {@code embedding}: its top-layer state (W = H), that state beside its head's logits for it
     * (W = H + C, the head kept as the embedding logits' head), beside the mean state (W = 2H), or
     * every layer's state beside its mean (W = 2LH).
     */
    public static Model prototypes(String name, String version, Model base, List<String> labels, float[] means, int[] counts,
                                   float[] thresholds, Map<String, String> metadata, Embedding embedding) {
        GruShape b = base.shape;
        if (base.output == OutputKind.CTC) throw new IllegalArgumentException("a transcription model is no embedding");
        Embedding kind = base.enrolledEmbedding(embedding);
        int emb = base.output == OutputKind.PROTOTYPES ? b.embedding() : kind == Embedding.STATE_LOGITS ? b.classes() : 0;
        GruShape s = new GruShape(b.inputSize(), b.hiddenSize(), b.layers(), labels.size(), emb, kind.pooledLayers(b.layers()));
        if (means.length != labels.size() * s.headInput()) throw new IllegalArgumentException("means for " + means.length / s.headInput() + " classes, labels for " + labels.size());
        float[] p = new float[s.size()];
        System.arraycopy(base.params, 0, p, 0, s.wOut());   // the GRU
        System.arraycopy(means, 0, p, s.wOut(), means.length);
        if (emb > 0) System.arraycopy(base.params, base.output == OutputKind.PROTOTYPES ? b.wEmbed() : b.wOut(), p, s.wEmbed(), emb * (s.hiddenSize() + 1));
        if (base.halfWeights) for (int i = s.wOut(); i < s.bOut(); i++) p[i] = Half.round(p[i]);
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        StringBuilder e = new StringBuilder(), t = new StringBuilder();
        for (int c = 0; c < counts.length; c++) {
            e.append(c == 0 ? "" : ",").append(counts[c]);
            t.append(c == 0 ? "" : ",").append(thresholds[c]);
        }
        meta.put(EXAMPLES_KEY, e.toString());
        meta.put(THRESHOLDS_KEY, t.toString());
        return new Model(name, version, OutputKind.PROTOTYPES, base.halfWeights, s, base.encoder, labels, meta, p, null);
    }

    /** A prototype model's number of examples enrolled per class, in label order; null for other models. */
    public int[] enrolledExamples() {
        return examples == null ? null : examples.clone();
    }

    /** A prototype model's fit threshold per class (a cosine): a final under its class's is {@link OutputKind#UNKNOWN}; null for other models. */
    public float[] thresholds() {
        return thresholds == null ? null : thresholds.clone();
    }

    /**
     * The embedding a prototype model's classes are means of; {@link Embedding#STATE} for other
     * models (a classifier's own). A one-layer model's {@link Embedding#LAYERS_MEAN} is its
     * {@link Embedding#STATE_MEAN}: the same floats.
     */
    public Embedding embedding() {
        int p = shape.pooledLayers();
        return shape.embedding() > 0 ? Embedding.STATE_LOGITS : p > 1 ? Embedding.LAYERS_MEAN : p == 1 ? Embedding.STATE_MEAN : Embedding.STATE;
    }

    /** The embedding of classes enrolled into this model when {@code asked} for: a prototype model keeps its own. */
    public Embedding enrolledEmbedding(Embedding asked) {
        return output == OutputKind.PROTOTYPES ? embedding() : asked;
    }

    /** The length of each class's mean embedding, for the cosine; null for other models. */
    float[] prototypeNorms() {
        return prototypeNorms;
    }

    /** A prototype model's threshold for class c. */
    float threshold(int c) {
        return thresholds[c];
    }

    private static int[] parseInts(String v, int n, String key) {
        String[] parts = split(v, n, key);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": '" + parts[i] + "' is no whole number");
            }
            if (out[i] < 1) throw new IllegalArgumentException(key + ": a class needs at least one example, got " + out[i]);
        }
        return out;
    }

    private static float[] parseFloats(String v, int n, String key) {
        String[] parts = split(v, n, key);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            try {
                out[i] = Float.parseFloat(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": '" + parts[i] + "' is no number");
            }
            if (!(out[i] >= -1f && out[i] <= 1f)) throw new IllegalArgumentException(key + ": a cosine threshold must be in [-1, 1], got " + out[i]);
        }
        return out;
    }

    private static String[] split(String v, int n, String key) {
        if (v == null) throw new IllegalArgumentException("a prototype model needs " + key + " in its metadata");
        String[] parts = v.split(",", -1);
        if (parts.length != n) throw new IllegalArgumentException(key + " has " + parts.length + " values for " + n + " classes");
        return parts;
    }

    @Override
    public String toString() {
        return name + " " + version + " (" + encoder.kind() + (output == OutputKind.CTC ? ", transcription" : output == OutputKind.PROTOTYPES ? ", prototypes" : "") + ", " + shape + (restriction != null ? ", labels " + restriction : "") + ")";
    }
}
