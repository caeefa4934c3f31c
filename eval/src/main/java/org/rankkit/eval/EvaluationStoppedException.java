package org.rankkit.eval;

/**
 * Thrown by {@link RetrievalEvaluator} when its stop check answers true part-way through an
 * evaluation (Ctrl-C): the evaluation is abandoned between two similarity chunks and nothing is
 * returned. The caller decides what to keep (a training run checkpoints before the evaluation, so
 * it is repeated on resume).
 */
public final class EvaluationStoppedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public EvaluationStoppedException() {
    super("the evaluation was stopped before it finished");
  }
}
