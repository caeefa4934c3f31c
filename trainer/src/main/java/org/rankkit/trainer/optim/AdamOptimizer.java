package org.rankkit.trainer.optim;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Adam and AdamW with a per-parameter learning-rate multiplier and saveable state.
 *
 * <p>DJL's own {@code Adam} keeps its moments and step counts private, so a checkpoint cannot
 * restore them; this optimiser keeps them by parameter <em>name</em> (stable across processes,
 * unlike DJL's random parameter ids) and writes them with {@link #save} / reads them with {@link
 * #load}, which makes a resumed run continue bit for bit. The update itself is DJL's fused {@code
 * adamUpdate} (the same kernel as {@code Optimizer.adam()} / {@code adamW()}): with {@code
 * decoupled} false the weight decay is added to the gradient (Adam with L2), with true it is
 * applied to the weights (AdamW). The learning rate of step {@code t} of a parameter is {@code
 * schedule(t) × multiplier(parameter)}.
 *
 * <p>Not thread-safe; one trainer owns it.
 */
public final class AdamOptimizer extends Optimizer {

  private final Tracker schedule;
  private final float weightDecay;
  private final boolean decoupled;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final Map<String, String> nameById;
  private final Map<String, Float> multiplierByName;
  private final Map<String, State> states = new TreeMap<>();

  private static final class State {
    int steps;
    NDArray mean;
    NDArray variance;
  }

  /**
   * Creates the optimiser.
   *
   * @param schedule learning rate as a function of the (one-based) update count
   * @param weightDecay weight decay, {@code >= 0}
   * @param decoupled true for AdamW (decay applied to the weights), false for Adam (L2 in the
   *     gradient)
   * @param nameById parameter id → stable parameter name, for every trainable parameter
   * @param multiplierByName learning-rate multiplier by parameter name (absent = 1)
   */
  public AdamOptimizer(
      Tracker schedule,
      float weightDecay,
      boolean decoupled,
      Map<String, String> nameById,
      Map<String, Float> multiplierByName) {
    super(new NoOptions());
    if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
    }
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
    this.beta1 = 0.9f;
    this.beta2 = 0.999f;
    this.epsilon = 1e-8f;
    this.nameById = Map.copyOf(nameById);
    this.multiplierByName = Map.copyOf(multiplierByName);
  }

  private static final class NoOptions extends OptimizerBuilder<NoOptions> {
    @Override
    protected NoOptions self() {
      return this;
    }
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    String name = nameById.get(parameterId);
    if (name == null) {
      throw new IllegalStateException(
          "parameter " + parameterId + " is not known to the optimiser");
    }
    State state = states.computeIfAbsent(name, k -> new State());
    if (state.mean == null) {
      state.mean = weight.zerosLike();
      state.variance = weight.zerosLike();
    }
    int t = ++state.steps;
    double coef1 = 1.0 - Math.pow(beta1, t);
    double coef2 = 1.0 - Math.pow(beta2, t);
    float lr = schedule.getNewValue(t) * multiplierByName.getOrDefault(name, 1f);
    float corrected = (float) (lr * Math.sqrt(coef2) / coef1);
    if (!Float.isFinite(lr) || !Float.isFinite(corrected)) {
      throw new IllegalStateException("learning rate is NaN or infinite at step " + t);
    }
    NDList inputs = new NDList(weight, grad, state.mean, state.variance);
    NDList weights = new NDList(weight);
    weight
        .getNDArrayInternal()
        .adamUpdate(
            inputs,
            weights,
            lr,
            corrected,
            weightDecay,
            rescaleGrad,
            clipGrad,
            beta1,
            beta2,
            epsilon,
            true,
            decoupled);
  }

  /**
   * Returns the learning rate that the next update of a parameter will use.
   *
   * @param name parameter name
   * @return the learning rate (schedule times multiplier)
   */
  public float nextLearningRate(String name) {
    State state = states.get(name);
    int t = state == null ? 1 : state.steps + 1;
    return schedule.getNewValue(t) * multiplierByName.getOrDefault(name, 1f);
  }

  /**
   * Writes the moments and step counts of every parameter.
   *
   * @param out destination
   * @throws IOException on a write error
   */
  public void save(DataOutputStream out) throws IOException {
    out.writeInt(1); // format version
    out.writeInt(states.size());
    for (Map.Entry<String, State> e : states.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeInt(e.getValue().steps);
      writeArray(out, e.getValue().mean);
      writeArray(out, e.getValue().variance);
    }
  }

  /**
   * Replaces the state with one written by {@link #save}.
   *
   * @param manager where the moments live (the parameters' manager and device)
   * @param in source
   * @throws IOException on a read error
   * @throws MalformedModelException when the data is not optimiser state of this model
   */
  public void load(NDManager manager, DataInputStream in)
      throws IOException, MalformedModelException {
    int version = in.readInt();
    if (version != 1) {
      throw new MalformedModelException("unsupported optimiser state version " + version);
    }
    int count = in.readInt();
    closeState();
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      if (!nameById.containsValue(name)) {
        throw new MalformedModelException(
            "optimiser state names parameter '" + name + "', which the model does not have");
      }
      State state = new State();
      state.steps = in.readInt();
      state.mean = readArray(manager, in);
      state.variance = readArray(manager, in);
      states.put(name, state);
    }
  }

  private void closeState() {
    for (State s : states.values()) {
      if (s.mean != null) {
        s.mean.close();
        s.variance.close();
      }
    }
    states.clear();
  }

  private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
    byte[] bytes = array.encode();
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static NDArray readArray(NDManager manager, DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    NDArray array = manager.decode(bytes);
    Device device = manager.getDevice();
    if (!array.getDevice().equals(device)) {
      NDArray moved = array.toDevice(device, false);
      array.close();
      return moved;
    }
    return array;
  }
}
