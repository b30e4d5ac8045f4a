package io.runwatch.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
  @Test
  void escapesTheFiveCharacters() {
    assertThat(HtmlText.escape("<a href=\"x\" title='y'>&</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  }

  @Test
  void leavesPlainTextAlone() {
    String s = "arn:aws:iam::111122223333:user/alice — ünïcode";
    assertThat(HtmlText.escape(s)).isSameAs(s);
    assertThat(HtmlText.escape(null)).isEmpty();
  }

  @Test
  void showsControlCharactersButKeepsLineBreaks() {
    assertThat(HtmlText.escape("a\u001b[31mb\u0000c\td\ne\u0085"))
        .isEqualTo("a\\u001b[31mb\\u0000c\td\ne\\u0085");
  }

  @Test
  void cutsBeforeEscapingSoEntitiesAreNeverSplit() {
    assertThat(HtmlText.cut("<<<<<<", 4)).isEqualTo("&lt;&lt;&lt;…");
    assertThat(HtmlText.cut("abc", 4)).isEqualTo("abc");
  }
}
