package io.runwatch.core.baseline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.port.BaselineStore.Versioned;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Any baseline that observing commands can build survives the JSON codec exactly. */
class BaselineJsonProperties {

  @Property(tries = 400)
  void roundTripsExactly(@ForAll("baselines") Baseline baseline) {
    String json = BaselineJson.write(baseline);

    Baseline read = BaselineJson.read(json, "property");

    assertThat(read).isEqualTo(baseline);
    // Profile by profile too, so a failure names the principal.
    assertThat(read.principals().keySet()).isEqualTo(baseline.principals().keySet());
    baseline
        .principals()
        .forEach((id, p) -> assertThat(read.principals().get(id)).as(id).isEqualTo(p));
    assertThat(read.account()).isEqualTo(baseline.account());
    // Deterministic: equal baselines give equal text.
    assertThat(BaselineJson.write(read)).isEqualTo(json);
  }

  @Property(tries = 100)
  void versionedRoundTrip(
      @ForAll("baselines") Baseline baseline, @ForAll @LongRange(min = 1) long version) {
    Versioned read =
        BaselineJson.readVersioned(
            BaselineJson.write(new Versioned(baseline, version)), "property");

    assertThat(read.version()).isEqualTo(version);
    assertThat(read.baseline()).isEqualTo(baseline);
  }

  @Property(tries = 200)
  void outputIsStrictUtf8WhateverTheStrings(@ForAll("baselines") Baseline baseline)
      throws CharacterCodingException {
    byte[] bytes = BaselineJson.write(baseline).getBytes(UTF_8);

    String decoded =
        UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();

    assertThat(BaselineJson.read(decoded, "bytes")).isEqualTo(baseline);
  }

  @Provide
  Arbitrary<Baseline> baselines() {
    Arbitrary<String> scope =
        Arbitraries.oneOf(Arbitraries.of(Commands.SCOPE, "GCP|prod-1", "AZURE|"), Commands.text());
    Arbitrary<List<AdminCommand>> commands =
        Commands.commands(Commands.ACCOUNT).list().ofMaxSize(40);
    return scope.flatMap(s -> commands.map(cs -> Commands.fold(s, cs)));
  }
}
