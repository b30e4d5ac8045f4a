package io.runwatch.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.model.AdminCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Learning history in time-ordered pieces, each shuffled, gives the baseline of learning it all at
 * once; and learning any piece again afterwards changes nothing.
 */
class BaselineLearnerProperties {

  @Property(tries = 300)
  void piecesInTimeOrderLearnLikeTheWhole(
      @ForAll("histories") List<AdminCommand> history,
      @ForAll @IntRange(min = 1, max = 6) int pieces,
      @ForAll long seed) {
    Random random = new Random(seed);
    InMemoryBaselineStore whole = new InMemoryBaselineStore();
    List<AdminCommand> shuffled = new ArrayList<>(history);
    Collections.shuffle(shuffled, random);
    new BaselineLearner(whole).learn(shuffled);

    // Cut at instants, never inside one: a later call treats the watermark instant as learned.
    List<Instant> instants =
        new ArrayList<>(new TreeSet<>(history.stream().map(AdminCommand::time).toList()));
    List<Instant> cuts = new ArrayList<>();
    for (int i = 1; i < pieces && !instants.isEmpty(); i++) {
      cuts.add(instants.get(random.nextInt(instants.size())));
    }
    Collections.sort(cuts);
    List<List<AdminCommand>> chunks = new ArrayList<>();
    for (int i = 0; i <= cuts.size(); i++) {
      Instant from = i == 0 ? Instant.MIN : cuts.get(i - 1);
      Instant to = i == cuts.size() ? Instant.MAX : cuts.get(i);
      boolean first = i == 0;
      List<AdminCommand> chunk =
          new ArrayList<>(
              history.stream()
                  .filter(c -> c.time().isAfter(from) || (first && c.time().equals(from)))
                  .filter(c -> !c.time().isAfter(to))
                  .toList());
      Collections.shuffle(chunk, random);
      chunks.add(chunk);
    }
    InMemoryBaselineStore stepwise = new InMemoryBaselineStore();
    BaselineLearner learner = new BaselineLearner(stepwise);
    chunks.forEach(learner::learn);

    assertThat(stepwise.load(Commands.SCOPE).map(v -> v.baseline()))
        .isEqualTo(whole.load(Commands.SCOPE).map(v -> v.baseline()));

    var before = stepwise.load(Commands.SCOPE);
    learner.learn(chunks.get(random.nextInt(chunks.size())));
    learner.learn(history);
    assertThat(stepwise.load(Commands.SCOPE)).isEqualTo(before);
  }

  @Provide
  Arbitrary<List<AdminCommand>> histories() {
    return Commands.commands(Commands.ACCOUNT)
        .list()
        .ofMaxSize(40)
        // Event ids identify copies: make them unique, as the providers' are.
        .map(
            cs -> {
              List<AdminCommand> out = new ArrayList<>();
              for (int i = 0; i < cs.size(); i++) {
                AdminCommand c = cs.get(i);
                out.add(
                    c.eventId() == null ? c : c.toBuilder().eventId(c.eventId() + "-" + i).build());
              }
              return out;
            });
  }
}
