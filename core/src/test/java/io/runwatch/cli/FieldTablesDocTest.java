package io.runwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The documented field tables are the parsers' own: regenerate the file when a parser changes. */
class FieldTablesDocTest {
  @Test
  void fieldsMarkdownMatchesTheParsers() throws IOException {
    String doc = Files.readString(Path.of("FIELDS.md"));
    String generated = HuntCommandTest.run("fields").out();
    assertThat(doc)
        .as("core/FIELDS.md is stale: run ./runwatch fields and update it")
        .endsWith(generated);
  }
}
