package org.rankkit.cli;

import ai.djl.Device;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rankkit.compare.TextTable;
import org.rankkit.eval.EvalConfig;
import org.rankkit.eval.ExactIndex;
import org.rankkit.eval.io.EmbeddingFiles;
import org.rankkit.eval.io.Matrix;
import org.rankkit.inference.EmbeddingOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rankkit search}: exact top-k search of a gallery. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description =
        "Exact top-k search by cosine similarity, chunk by chunk (bounded memory for any gallery"
            + " size), ranked exactly as rankkit eval ranks (ties to the lower gallery row). Without"
            + " --queries every gallery item queries all the others (leave-one-out, as rankkit eval).")
final class SearchCommand implements Callable<Integer> {

  @Mixin private CommandContext context;

  @Option(
      names = "--gallery",
      required = true,
      paramLabel = "G.npy",
      description = "Gallery embeddings (N x d).")
  private Path gallery;

  @Option(
      names = "--gallery-ids",
      paramLabel = "FILE",
      description =
          "One id per gallery row (default: the gallery's .ids.txt written by rankkit embed).")
  private Path galleryIds;

  @Option(names = "--queries", paramLabel = "Q.npy", description = "Query embeddings (Q x d).")
  private Path queries;

  @Option(
      names = "--query-ids",
      paramLabel = "FILE",
      description =
          "One id per query row (default: the queries' .ids.txt when it exists, else row numbers).")
  private Path queryIds;

  @Option(
      names = "--k",
      paramLabel = "K",
      description = "Results per query (default: ${DEFAULT-VALUE}).")
  private int k = 10;

  @Option(names = "--json", description = "Print JSON: [{query, results: [{id, score}]}].")
  private boolean json;

  @Option(names = "--csv", description = "Print CSV: query,rank,id,score.")
  private boolean csv;

  @Option(names = "--device", paramLabel = "DEVICE", description = "cpu (default) or gpu.")
  private String device = "cpu";

  @Mixin private WorkerThreadsOption threads;

  @Override
  public Integer call() throws Exception {
    if (json && csv) {
      throw new IllegalArgumentException("--json and --csv exclude each other");
    }
    Device target = ComputeDevice.resolve(device);
    TorchThreads.onePerWorker(target);
    Matrix g = EmbeddingFiles.readMatrix(gallery);
    List<String> gIds =
        EmbeddingOutput.readIds(galleryIds != null ? galleryIds : EmbeddingOutput.idsFile(gallery));
    ExactIndex index =
        ExactIndex.of(g, gIds, EvalConfig.defaults().withThreads(threads.count()), target);
    List<ExactIndex.Hits> hits;
    List<String> qIds;
    if (queries == null) {
      if (queryIds != null) {
        throw new IllegalArgumentException("--query-ids goes with --queries");
      }
      hits = index.searchEachOther(k);
      qIds = gIds;
    } else {
      Matrix q = EmbeddingFiles.readMatrix(queries);
      hits = index.search(q, k);
      Path ids = queryIds != null ? queryIds : EmbeddingOutput.idsFile(queries);
      if (queryIds != null || java.nio.file.Files.isRegularFile(ids)) {
        qIds = EmbeddingOutput.readIds(ids);
        if (qIds.size() != q.rows()) {
          throw new IllegalArgumentException(
              ids + " has " + qIds.size() + " ids but " + queries + " has " + q.rows() + " rows");
        }
      } else {
        qIds = new ArrayList<>();
        for (int i = 0; i < q.rows(); i++) {
          qIds.add(Integer.toString(i));
        }
      }
    }
    PrintWriter out = context.out();
    if (json) {
      List<Map<String, Object>> all = new ArrayList<>();
      for (int i = 0; i < hits.size(); i++) {
        List<Map<String, Object>> results = new ArrayList<>();
        ExactIndex.Hits h = hits.get(i);
        for (int r = 0; r < h.ids().size(); r++) {
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("id", h.ids().get(r));
          one.put("score", h.scores()[r]);
          results.add(one);
        }
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("query", qIds.get(i));
        q.put("results", results);
        all.add(q);
      }
      Printing.json(out, all);
    } else if (csv) {
      out.println("query,rank,id,score");
      for (int i = 0; i < hits.size(); i++) {
        ExactIndex.Hits h = hits.get(i);
        for (int r = 0; r < h.ids().size(); r++) {
          out.println(
              csvCell(qIds.get(i))
                  + ","
                  + (r + 1)
                  + ","
                  + csvCell(h.ids().get(r))
                  + ","
                  + String.format(Locale.ROOT, "%.6f", h.scores()[r]));
        }
      }
    } else {
      List<String[]> table = new ArrayList<>();
      table.add(new String[] {"QUERY", "RANK", "ID", "SCORE"});
      for (int i = 0; i < hits.size(); i++) {
        ExactIndex.Hits h = hits.get(i);
        for (int r = 0; r < h.ids().size(); r++) {
          table.add(
              new String[] {
                r == 0 ? qIds.get(i) : "",
                Integer.toString(r + 1),
                h.ids().get(r),
                String.format(Locale.ROOT, "%.4f", h.scores()[r])
              });
        }
      }
      out.print(TextTable.render(table));
    }
    out.flush();
    return 0;
  }

  private static String csvCell(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
