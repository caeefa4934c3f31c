package org.rankkit.trainer.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.rankkit.data.DataOptions;
import org.rankkit.eval.EvalConfig;
import org.rankkit.eval.metric.MapAtR;
import org.rankkit.eval.metric.MeanAveragePrecision;
import org.rankkit.eval.metric.RPrecision;
import org.rankkit.eval.metric.RecallAtK;
import org.rankkit.trainer.optim.LearningRateSchedule;

/**
 * The complete, validated configuration of one training run: one flat set of keys ({@link #KEYS})
 * plus the parameters of the chosen plugins, written {@code loss.<name>}, {@code strategy.<name>}
 * and {@code augment.<id>.<name>}. Each key is declared once, as a component marked {@link Key}
 * with its default and description; {@link RecordKeys} derives the key list and the flat form from
 * the declarations.
 *
 * <p>Build one with {@link #fromMap} (absent keys take their defaults; unknown keys and invalid
 * values are rejected, listing the known keys) and turn it back into the same flat form with {@link
 * #toMap}. Plugin parameters are checked against the plugin factories by the trainer, before any
 * training starts. Immutable.
 *
 * @param loss ranking-loss plugin id
 * @param augment similarity-augmentation plugin ids, applied in order
 * @param strategy batch-strategy plugin id
 * @param dataset dataset name
 * @param data dataset directory or file ("" = the dataset's default location)
 * @param protocol evaluation protocol ({@code closed} or {@code open})
 * @param imageSize training and evaluation resolution (0 = native)
 * @param maxTrainItems use at most this many training items (0 = all)
 * @param maxEvalItems use at most this many evaluation items per split (0 = all)
 * @param skipBadImages skip missing or corrupt images instead of failing
 * @param imageAugment apply the dataset's training augmentation to training images
 * @param splitClasses {@code folder}: split the sorted class folders into training and evaluation
 *     halves
 * @param vehicleIdTestSize {@code vehicleid}: which test list (800, 1600 or 2400)
 * @param glyphFonts {@code glyphs}: which font faces (empty = the default set)
 * @param glyphClasses {@code glyphs}: classes kept in each split (0 = all)
 * @param glyphEvalItemsPerClass {@code glyphs}: items per class kept for evaluation (0 = all)
 * @param backbone {@code small-cnn}, {@code resnet<N>} or a TorchScript file
 * @param cnnWidth filters of the small CNN's first stage
 * @param cnnNorm normalisation of the small CNN
 * @param dim embedding size
 * @param epochs training epochs
 * @param batch batch size
 * @param perClass items of each class in a batch (0 = auto)
 * @param optimizer {@code adam} or {@code adamw}
 * @param lr base learning rate
 * @param weightDecay weight decay
 * @param schedule learning-rate schedule
 * @param warmupEpochs epochs of linear warm-up
 * @param milestones multistep milestones (epochs)
 * @param lrDecay multistep factor
 * @param headLrMultiplier learning-rate multiplier of the head
 * @param seed random seed
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 * @param evalEvery evaluate every N epochs (0 = only at the end)
 * @param evalBatch images per forward pass when embedding the evaluation split
 * @param evalAtStart also evaluate the untrained model before the first step
 * @param evalKs the k values of recall@k
 * @param bestMetric the metric that picks the best checkpoint
 * @param loaderThreads background threads decoding training batches
 * @param lossParams loss plugin parameters
 * @param strategyParams batch-strategy plugin parameters
 * @param augmentParams parameters of each augmentation, by id
 */
public record TrainingConfig(
    @Key(
            defaultValue = "recall-at-k",
            description = "ranking-loss plugin id (rankkit plugins lists them)")
        String loss,
    @Key(
            defaultValue = "",
            description = "similarity-augmentation plugin ids, in order (e.g. simix)")
        List<String> augment,
    @Key(
            defaultValue = "plain",
            description = "batch-strategy plugin id: plain, memory-bounded, ...")
        String strategy,
    @Key(
            defaultValue = "fashion-mnist",
            description =
                "dataset plugin id: fashion-mnist, glyphs, sop, cub, inat, vehicleid, folder, csv, or one a plugin jar adds")
        String dataset,
    @Key(
            defaultValue = "",
            description = "dataset directory (csv: the file); empty = default location")
        String data,
    @Key(
            defaultValue = "closed",
            description = "closed or open (fashion-mnist only: classes 0-4 train, 5-9 test)")
        String protocol,
    @Key(
            defaultValue = "0",
            description = "training and evaluation resolution in pixels; 0 = native")
        int imageSize,
    @Key(
            defaultValue = "0",
            description = "use only the first N training items (0 = all); for quick runs")
        int maxTrainItems,
    @Key(
            defaultValue = "0",
            description = "use only the first N items of each evaluation split (0 = all)")
        int maxEvalItems,
    @Key(
            defaultValue = "false",
            description = "skip missing or corrupt images (counted in the log)")
        boolean skipBadImages,
    @Key(
            defaultValue = "false",
            description =
                "apply the dataset's training augmentation (fashion-mnist, glyphs: random 2-pixel shift, horizontal flip)")
        boolean imageAugment,
    @Key(
            defaultValue = "false",
            description =
                "folder: split the sorted class folders into a training half and an evaluation half (unseen classes)")
        boolean splitClasses,
    @Key(defaultValue = "800", description = "vehicleid: which test list, 800, 1600 or 2400")
        int vehicleIdTestSize,
    @Key(
            defaultValue = "",
            description =
                "glyphs: font faces to render (empty = the default 23; rankkit dataset --dataset glyphs lists them)")
        List<String> glyphFonts,
    @Key(
            defaultValue = "0",
            description = "glyphs: classes kept in each split, train and test (0 = all)")
        int glyphClasses,
    @Key(
            defaultValue = "0",
            description = "glyphs: items (fonts) per test class kept for evaluation (0 = all)")
        int glyphEvalItemsPerClass,
    @Key(
            defaultValue = "small-cnn",
            description =
                "small-cnn, resnet18/34/50/101/152 (DJL ResNetV1), or a TorchScript .pt file")
        String backbone,
    @Key(
            defaultValue = "32",
            description = "small-cnn: filters of the first stage (doubled per stage)")
        int cnnWidth,
    @Key(
            defaultValue = "layer",
            description =
                "small-cnn normalisation: batch, layer (same in training and inference mode) or none")
        String cnnNorm,
    @Key(defaultValue = "128", description = "embedding size") int dim,
    @Key(defaultValue = "3", description = "training epochs") int epochs,
    @Key(defaultValue = "40", description = "batch size (rounded down to a multiple of perClass)")
        int batch,
    @Key(
            defaultValue = "0",
            description =
                "items per class in a batch; 0 = auto: 4, or batch/classes when the dataset has fewer than batch/4 classes")
        int perClass,
    @Key(
            defaultValue = "adam",
            description = "adam (L2 weight decay) or adamw (decoupled weight decay)")
        String optimizer,
    @Key(defaultValue = "0.002", description = "base learning rate") double lr,
    @Key(
            defaultValue = "0.0",
            description = "weight decay (adam: L2 in the gradient; adamw: decoupled)")
        double weightDecay,
    @Key(defaultValue = "cosine", description = "learning-rate schedule: none, multistep or cosine")
        String schedule,
    @Key(
            defaultValue = "0.0",
            description = "epochs of linear learning-rate warm-up (fractions allowed)")
        double warmupEpochs,
    @Key(
            defaultValue = "",
            description = "multistep: epochs after which the rate is multiplied by lrDecay")
        List<Integer> milestones,
    @Key(defaultValue = "0.1", description = "multistep: factor applied at each milestone")
        double lrDecay,
    @Key(defaultValue = "1.0", description = "learning-rate multiplier of the head (linear layer)")
        double headLrMultiplier,
    @Key(defaultValue = "0", description = "random seed (initialisation, sampler, augmentations)")
        long seed,
    @Key(defaultValue = "auto", description = "auto (first GPU if present, else CPU), cpu or gpu")
        String device,
    @Key(
            defaultValue = "1",
            description = "evaluate on the held-out split every N epochs (0 = only at the end)")
        int evalEvery,
    @Key(
            defaultValue = "256",
            description = "images per forward pass when embedding evaluation images")
        int evalBatch,
    @Key(
            defaultValue = "false",
            description = "also evaluate the untrained model (result.json: initial)")
        boolean evalAtStart,
    @Key(defaultValue = "1,2,4,8", description = "the k values of recall@k") List<Integer> evalKs,
    @Key(
            defaultValue = RecallAtK.KEY_PREFIX + "1",
            description =
                "metric that picks the best checkpoint ("
                    + RecallAtK.KEY_PREFIX
                    + "K, "
                    + RPrecision.KEY
                    + ", "
                    + MapAtR.KEY
                    + ", "
                    + MeanAveragePrecision.KEY
                    + ")")
        String bestMetric,
    @Key(defaultValue = "2", description = "background threads that decode training batches")
        int loaderThreads,
    Map<String, Object> lossParams,
    Map<String, Object> strategyParams,
    Map<String, Map<String, Object>> augmentParams) {

  private static final RecordKeys<TrainingConfig> BINDING = RecordKeys.of(TrainingConfig.class);

  /** The documented keys, in display order, with defaults: the record's {@link Key} components. */
  public static final List<ConfigKey> KEYS = BINDING.keys();

  /**
   * Validates every value and stores unmodifiable copies of the lists and maps; ids, dataset,
   * protocol, optimizer, schedule and device are compared (and stored) in lower case.
   *
   * @param loss kebab-case plugin id
   * @param augment kebab-case plugin ids, each at most once
   * @param strategy kebab-case plugin id
   * @param dataset a dataset id, kebab-case (stored in lower case; opening the data checks it
   *     against the registry)
   * @param data dataset location; null is taken as "" (the default location)
   * @param protocol {@code closed} or {@code open}
   * @param imageSize pixels: 0 (native) or 8..2048
   * @param maxTrainItems {@code >= 0} (0 = all)
   * @param maxEvalItems {@code >= 0} (0 = all)
   * @param skipBadImages skip missing or corrupt images
   * @param imageAugment apply the training augmentation
   * @param splitClasses only with dataset {@code folder}
   * @param vehicleIdTestSize 800, 1600 or 2400
   * @param glyphFonts font face names, each at most once (checked against the fonts when the data
   *     is opened)
   * @param glyphClasses {@code >= 0} (0 = all)
   * @param glyphEvalItemsPerClass 0 (all) or {@code >= 2}
   * @param backbone not blank
   * @param cnnWidth 1..1024
   * @param cnnNorm {@code batch}, {@code layer} or {@code none}
   * @param dim 1..65536
   * @param epochs 1..100000
   * @param batch 2..2^20
   * @param perClass 0 (auto) or 2..{@code batch}
   * @param optimizer {@code adam} or {@code adamw}
   * @param lr positive and finite
   * @param weightDecay finite, {@code >= 0}
   * @param schedule one of {@link LearningRateSchedule#KINDS}
   * @param warmupEpochs in {@code [0, epochs)}
   * @param milestones epochs in {@code [1, epochs − 1]}; at least one for {@code multistep}
   * @param lrDecay in {@code (0, 1]}
   * @param headLrMultiplier positive and finite
   * @param seed any value
   * @param device {@code auto}, {@code cpu} or {@code gpu}
   * @param evalEvery 0..100000 (0 = only at the end)
   * @param evalBatch 1..2^20
   * @param evalAtStart also evaluate the untrained model
   * @param evalKs at least one k, each {@code >= 1}
   * @param bestMetric one of the keys the evaluation writes: {@code recall@K} with K in {@code
   *     evalKs}, {@code r_precision}, {@code map_at_r} or {@code map}
   * @param loaderThreads 1..64
   * @param lossParams loss plugin parameters (checked later against the plugin)
   * @param strategyParams batch-strategy plugin parameters (checked later against the plugin)
   * @param augmentParams parameters by augmentation id; every id must be in {@code augment}
   * @throws IllegalArgumentException naming the key and what is allowed
   */
  public TrainingConfig {
    loss = requireId("loss", loss);
    augment = List.copyOf(augment);
    for (String a : augment) {
      requireId("augment", a);
    }
    if (augment.stream().distinct().count() != augment.size()) {
      throw new IllegalArgumentException("augment: an id is listed twice: " + augment);
    }
    strategy = requireId("strategy", strategy);
    // a dataset is a plugin: its id is checked against the registry when the data is opened
    dataset = requireId("dataset", dataset.toLowerCase(Locale.ROOT));
    data = data == null ? "" : data;
    protocol = protocol.toLowerCase(Locale.ROOT);
    requireIn("protocol", protocol, List.of("closed", "open"));
    requireRange("imageSize", imageSize, 0, 2048);
    if (imageSize != 0 && imageSize < 8) {
      throw new IllegalArgumentException(
          "imageSize must be 0 (native) or 8..2048, got " + imageSize);
    }
    requireRange("maxTrainItems", maxTrainItems, 0, Integer.MAX_VALUE);
    requireRange("maxEvalItems", maxEvalItems, 0, Integer.MAX_VALUE);
    glyphFonts = List.copyOf(glyphFonts);
    DataOptions.checkDatasetKeys(
        dataset, splitClasses, vehicleIdTestSize, glyphFonts, glyphClasses, glyphEvalItemsPerClass);
    if (backbone == null || backbone.isBlank()) {
      throw new IllegalArgumentException("backbone must be small-cnn, resnet<N> or a .pt file");
    }
    requireRange("cnnWidth", cnnWidth, 1, 1024);
    requireIn("cnnNorm", cnnNorm, List.of("batch", "layer", "none"));
    requireRange("dim", dim, 1, 65536);
    requireRange("epochs", epochs, 1, 100000);
    requireRange("batch", batch, 2, 1 << 20);
    requireRange("perClass", perClass, 0, 1 << 20);
    if (perClass == 1) {
      throw new IllegalArgumentException(
          "perClass must be 0 (auto) or >= 2: a query needs a positive");
    }
    if (perClass > batch) {
      throw new IllegalArgumentException(
          "perClass (" + perClass + ") must not exceed batch (" + batch + ")");
    }
    optimizer = optimizer.toLowerCase(Locale.ROOT);
    requireIn("optimizer", optimizer, List.of("adam", "adamw"));
    requirePositive("lr", lr);
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(
          "weightDecay must be a finite number >= 0, got " + weightDecay);
    }
    schedule = schedule.toLowerCase(Locale.ROOT);
    requireIn("schedule", schedule, LearningRateSchedule.KINDS);
    if (!(warmupEpochs >= 0) || warmupEpochs >= epochs) {
      throw new IllegalArgumentException(
          "warmupEpochs must be in [0, epochs=" + epochs + "), got " + warmupEpochs);
    }
    milestones = List.copyOf(milestones);
    for (int m : milestones) {
      if (m < 1 || m >= epochs) {
        throw new IllegalArgumentException(
            "milestones: each must be an epoch in [1, epochs-1=" + (epochs - 1) + "], got " + m);
      }
    }
    if ("multistep".equals(schedule) && milestones.isEmpty()) {
      throw new IllegalArgumentException(
          "schedule=multistep needs milestones, e.g. milestones=2,4");
    }
    if (!(lrDecay > 0 && lrDecay <= 1)) {
      throw new IllegalArgumentException("lrDecay must be in (0, 1], got " + lrDecay);
    }
    requirePositive("headLrMultiplier", headLrMultiplier);
    device = device.toLowerCase(Locale.ROOT);
    requireIn("device", device, List.of("auto", "cpu", "gpu"));
    requireRange("evalEvery", evalEvery, 0, 100000);
    requireRange("evalBatch", evalBatch, 1, 1 << 20);
    evalKs = List.copyOf(evalKs);
    if (evalKs.isEmpty() || evalKs.stream().anyMatch(k -> k < 1)) {
      throw new IllegalArgumentException("evalKs must list k values >= 1, got " + evalKs);
    }
    // the keys that the run's evaluation writes (its metrics, at the k values of evalKs)
    List<String> evaluated = EvalConfig.defaults().withKs(evalKs).keys();
    if (!evaluated.contains(bestMetric)) {
      throw new IllegalArgumentException(
          "bestMetric must be one of the evaluated metrics "
              + String.join(", ", evaluated)
              + " (the @k ones at the k values of evalKs), got '"
              + bestMetric
              + "'");
    }
    requireRange("loaderThreads", loaderThreads, 1, 64);
    lossParams = Collections.unmodifiableMap(new LinkedHashMap<>(lossParams));
    strategyParams = Collections.unmodifiableMap(new LinkedHashMap<>(strategyParams));
    Map<String, Map<String, Object>> aug = new LinkedHashMap<>();
    augmentParams.forEach(
        (id, p) -> aug.put(id, Collections.unmodifiableMap(new LinkedHashMap<>(p))));
    for (String id : aug.keySet()) {
      if (!augment.contains(id)) {
        throw new IllegalArgumentException(
            "augment." + id + ".* is set but '" + id + "' is not in augment " + augment);
      }
    }
    augmentParams = Collections.unmodifiableMap(aug);
  }

  /** {@return the configuration with every key at its default} */
  public static TrainingConfig defaults() {
    return fromMap(Map.of());
  }

  /** {@return the names of the documented keys, in display order (an unmodifiable list)} */
  public static List<String> keyNames() {
    return KEYS.stream().map(ConfigKey::name).toList();
  }

  /**
   * Builds a configuration from flat keys; absent keys take their defaults.
   *
   * @param values key → value (strings are parsed; numbers, booleans and lists are taken as they
   *     are); {@code loss.X}, {@code strategy.X} and {@code augment.ID.X} are plugin parameters
   * @return the validated configuration
   * @throws IllegalArgumentException on an unknown key (listing the known ones) or invalid value
   */
  public static TrainingConfig fromMap(Map<String, ?> values) {
    Map<String, Object> keyValues = new LinkedHashMap<>();
    Map<String, Object> lossParams = new LinkedHashMap<>();
    Map<String, Object> strategyParams = new LinkedHashMap<>();
    Map<String, Map<String, Object>> augmentParams = new TreeMap<>();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      String name = e.getKey();
      if (name.startsWith("loss.")) {
        lossParams.put(requireParam(name, name.substring(5)), e.getValue());
      } else if (name.startsWith("strategy.")) {
        strategyParams.put(requireParam(name, name.substring(9)), e.getValue());
      } else if (name.startsWith("augment.")) {
        String rest = name.substring(8);
        int dot = rest.indexOf('.');
        if (dot <= 0 || dot == rest.length() - 1) {
          throw new IllegalArgumentException(
              "'"
                  + name
                  + "': augmentation parameters are written augment.<id>.<name>, e.g. augment.simix.maxPairsPerClass");
        }
        augmentParams
            .computeIfAbsent(rest.substring(0, dot), id -> new LinkedHashMap<>())
            .put(requireParam(name, rest.substring(dot + 1)), e.getValue());
      } else {
        ConfigKey key = BINDING.key(name);
        if (key == null) {
          throw new IllegalArgumentException(
              "unknown configuration key '"
                  + name
                  + "'; known keys: "
                  + String.join(", ", keyNames())
                  + ", and plugin parameters loss.<name>, strategy.<name>, augment.<id>.<name>");
        }
        keyValues.put(name, key.type().convert(name, e.getValue()));
      }
    }
    return BINDING.create(keyValues, lossParams, strategyParams, augmentParams);
  }

  /**
   * Returns the configuration as flat keys: every documented key, then the plugin parameters that
   * were set ({@code loss.X}, {@code strategy.X}, {@code augment.ID.X}). {@code fromMap(toMap())}
   * equals this configuration.
   *
   * @return an ordered, modifiable map
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = BINDING.values(this);
    lossParams.forEach((k, val) -> m.put("loss." + k, val));
    strategyParams.forEach((k, val) -> m.put("strategy." + k, val));
    augmentParams.forEach((id, p) -> p.forEach((k, val) -> m.put("augment." + id + "." + k, val)));
    return m;
  }

  /**
   * Returns a copy with some keys changed.
   *
   * @param overrides flat keys as for {@link #fromMap}
   * @return the new configuration
   */
  public TrainingConfig with(Map<String, ?> overrides) {
    Map<String, Object> m = toMap();
    m.putAll(overrides);
    return fromMap(m);
  }

  /**
   * Renders the key table (name, default, description) for {@code --help} and the docs.
   *
   * @return one line per key
   */
  public static String describeKeys() {
    int width = KEYS.stream().mapToInt(k -> k.name().length()).max().orElse(0);
    StringBuilder sb = new StringBuilder();
    for (ConfigKey k : KEYS) {
      String def =
          k.defaultValue() instanceof List<?> l
              ? String.join(",", l.stream().map(Object::toString).toList())
              : String.valueOf(k.defaultValue());
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-" + width + "s  %s (default: %s)%n",
              k.name(),
              k.description(),
              def.isEmpty() ? "none" : def));
    }
    sb.append(
        "  loss.<name>, strategy.<name>, augment.<id>.<name>: parameters of the chosen plugins\n");
    return sb.toString();
  }

  private static String requireParam(String key, String name) {
    if (name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException("'" + key + "' is not a valid plugin parameter key");
    }
    return name;
  }

  private static String requireId(String key, String id) {
    if (id == null || !id.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException(key + " must be a kebab-case plugin id, got '" + id + "'");
    }
    return id;
  }

  private static void requireIn(String key, String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw new IllegalArgumentException(
          key + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }
  }

  private static void requireRange(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          key + " must be in [" + min + ", " + max + "], got " + value);
    }
  }

  private static void requirePositive(String key, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(key + " must be a positive number, got " + value);
    }
  }

  /** {@return every documented key with its default, in display order (a new, modifiable list)} */
  public static List<ConfigKey> keys() {
    return new ArrayList<>(KEYS);
  }
}
