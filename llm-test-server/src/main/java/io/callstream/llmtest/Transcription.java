package io.callstream.llmtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.audio.Pcm;
import io.callstream.audio.Pcm16;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The deterministic answer the test server gives to {@code POST /v1/audio/transcriptions}, made to
 * follow the speech in the audio so end-to-end tests can check timestamps: one segment per speech
 * region that {@link SpeechRegions} finds, from its start to its end in seconds, with one word per
 * started second of the region (at least one) chosen from a small vocabulary by the SHA-256 of the
 * region's samples, and speakers {@code speaker_0} and {@code speaker_1} taking turns region by
 * region (as diarizing self-hosted servers add them). The text is the segments' words; audio
 * without speech reads {@code ""} and has no segments.
 *
 * <p>The audio is a WAV upload, or else bare 16 kHz mono 16-bit PCM ({@link UploadedAudio}); the
 * same samples always read the same. Immutable.
 *
 * @param duration the audio's length in seconds
 * @param segments the speech, in order
 */
record Transcription(double duration, List<Transcription.Segment> segments) {

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

  /** One region of speech: seconds from the start of the audio, its words and its speaker. */
  record Segment(double start, double end, String text, String speaker) {}

  Transcription {
    segments = List.copyOf(segments);
  }

  /** The transcription of an uploaded file. */
  static Transcription of(byte[] upload) {
    float[] samples = UploadedAudio.samples(upload);
    List<Segment> segments = new ArrayList<>();
    for (SpeechRegions.Region region : SpeechRegions.of(samples)) {
      segments.add(
          new Segment(
              region.startSeconds(),
              region.endSeconds(),
              words(samples, region),
              "speaker_" + segments.size() % 2));
    }
    return new Transcription((double) samples.length / Pcm.SAMPLE_RATE, segments);
  }

  /** The whole text: the segments' words, space-separated. */
  String text() {
    return String.join(" ", segments.stream().map(Segment::text).toList());
  }

  /** The {@code json} answer: the text alone. */
  ObjectNode json(ObjectMapper json) {
    return json.createObjectNode().put("text", text());
  }

  /** The {@code verbose_json} answer, in OpenAI's shape plus a {@code speaker} per segment. */
  ObjectNode verbose(ObjectMapper json) {
    ObjectNode root = json.createObjectNode();
    root.put("task", "transcribe");
    root.put("language", "english");
    root.put("duration", duration);
    root.put("text", text());
    ArrayNode array = root.putArray("segments");
    for (int i = 0; i < segments.size(); i++) {
      Segment segment = segments.get(i);
      ObjectNode node = array.addObject();
      node.put("id", i);
      node.put("seek", 0);
      node.put("start", segment.start());
      node.put("end", segment.end());
      node.put("text", " " + segment.text());
      node.putArray("tokens").add(i);
      node.put("temperature", 0.0);
      node.put("avg_logprob", -0.1);
      node.put("compression_ratio", 1.0);
      node.put("no_speech_prob", 0.0);
      node.put("speaker", segment.speaker());
    }
    return root;
  }

  static String hash(byte[] audio) {
    return HexFormat.of().formatHex(sha256(audio));
  }

  private static String words(float[] samples, SpeechRegions.Region region) {
    byte[] digest =
        sha256(Pcm16.littleEndian(Arrays.copyOfRange(samples, region.start(), region.end())));
    int count = Math.max(1, (int) Math.ceil(region.seconds()));
    List<String> words = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      words.add(VOCABULARY.get((digest[i % digest.length] & 0xff) % VOCABULARY.size()));
    }
    return String.join(" ", words);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
