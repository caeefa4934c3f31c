package org.rankkit.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void columnsAreAsWideAsTheirWidestCellTwoSpacesApartWithoutTrailingSpaces() {
    List<String[]> rows =
        List.of(
            new String[] {"#", "run", "recall@1"},
            new String[] {"1", "smooth-ap", "0.5"},
            new String[] {"10", "x", "0.1234"});
    assertThat(TextTable.render(rows))
        .isEqualTo(
            "#   run        recall@1\n" + "1   smooth-ap  0.5\n" + "10  x          0.1234\n");
    assertThat(Report.text(rows))
        .isEqualTo(
            " #  run        recall@1\n"
                + " 1  smooth-ap       0.5\n"
                + "10  x            0.1234\n");
  }

  @Test
  void raggedRowsTakeTheWidthOfTheLongest() {
    List<String[]> rows =
        List.of(new String[] {"KEY", "VALUE"}, new String[] {"a"}, new String[] {"long key", "v"});
    assertThat(TextTable.render(rows)).isEqualTo("KEY       VALUE\na\nlong key  v\n");
  }
}
