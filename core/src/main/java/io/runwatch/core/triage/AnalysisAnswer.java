package io.runwatch.core.triage;

/**
 * One of the Tier-1 analysis questions, answered from data.
 *
 * @param concerning whether the answer points to compromise ({@code null} when unknown)
 */
public record AnalysisAnswer(String question, String answer, Boolean concerning) {}
