package io.callstream.llmtest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The deterministic text the test server answers to {@code POST /v1/audio/transcriptions}: one word
 * per second of 16 kHz 16-bit mono audio (at least one, at most 500), chosen from a small
 * vocabulary by the audio's SHA-256, so the same audio always reads the same.
 */
final class Transcription {

  private static final int BYTES_PER_SECOND = 32_000;
  private static final int MAX_WORDS = 500;
  private static final List<String> VOCABULARY =
      List.of(
          "we",
          "will",
          "ship",
          "the",
          "release",
          "next",
          "week",
          "budget",
          "agreed",
          "customer",
          "needs",
          "a",
          "demo",
          "on",
          "friday",
          "risk",
          "is",
          "latency",
          "decided",
          "to",
          "hire");

  private Transcription() {}

  static String of(byte[] audio) {
    byte[] digest = sha256(audio);
    int count = Math.min(MAX_WORDS, Math.max(1, audio.length / BYTES_PER_SECOND));
    List<String> words = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      words.add(VOCABULARY.get((digest[i % digest.length] & 0xff) % VOCABULARY.size()));
    }
    return String.join(" ", words);
  }

  static String hash(byte[] audio) {
    return HexFormat.of().formatHex(sha256(audio));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
