package io.callstream.llmtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The deterministic text the test server answers to {@code POST /v1/audio/transcriptions}: one word
 * per second of 16 kHz 16-bit mono audio (at least one, at most 500), chosen from a small
 * vocabulary by the audio's SHA-256, so the same audio always reads the same.
 *
 * <p>With {@code response_format=verbose_json} the answer also has the audio's duration (of the PCM
 * after a 44-byte WAV header, when the upload is a RIFF file) and one segment per word: word {@code
 * i} spans seconds {@code [i, i + 1]}, the last one ending at the duration, and segment {@code i}
 * has speaker {@code speaker_(i % 2)}, as diarizing self-hosted servers add.
 */
final class Transcription {

  private static final int BYTES_PER_SECOND = 32_000;
  private static final int MAX_WORDS = 500;
  private static final int WAV_HEADER_BYTES = 44;
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

  /** The {@code verbose_json} answer for {@code audio}, with the same text as {@link #of}. */
  static ObjectNode verbose(byte[] audio, ObjectMapper json) {
    String text = of(audio);
    String[] words = text.split(" ");
    boolean wav =
        audio.length >= WAV_HEADER_BYTES
            && audio[0] == 'R'
            && audio[1] == 'I'
            && audio[2] == 'F'
            && audio[3] == 'F';
    double duration =
        (double) (wav ? audio.length - WAV_HEADER_BYTES : audio.length) / BYTES_PER_SECOND;
    ObjectNode root = json.createObjectNode();
    root.put("task", "transcribe");
    root.put("language", "english");
    root.put("duration", duration);
    root.put("text", text);
    ArrayNode segments = root.putArray("segments");
    for (int i = 0; i < words.length; i++) {
      ObjectNode segment = segments.addObject();
      segment.put("id", i);
      segment.put("seek", 0);
      segment.put("start", (double) i);
      segment.put("end", i == words.length - 1 ? Math.max(duration, i) : i + 1.0);
      segment.put("text", " " + words[i]);
      segment.putArray("tokens").add(i);
      segment.put("temperature", 0.0);
      segment.put("avg_logprob", -0.1);
      segment.put("compression_ratio", 1.0);
      segment.put("no_speech_prob", 0.0);
      segment.put("speaker", "speaker_" + (i % 2));
    }
    return root;
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
