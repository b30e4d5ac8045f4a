package io.runwatch.core.ingest;

/**
 * One row of a parser's field table: which raw field fills which model field, and what its absence
 * means. The tables are the parsers' documentation, printed by {@code runwatch fields}.
 */
public record FieldMapping(String modelField, String rawField, String whenAbsent) {}
