package io.callstream.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callstream.analyzer.transcribe.TranscriptionSettings;
import io.callstream.audio.AudioFixtures;
import io.callstream.audio.SpeechAssertions;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallEnded;
import io.callstream.core.event.CallStarted;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Progress;
import io.callstream.core.event.Topic;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.embedded.flink.FlinkRunner;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.flink.kafka.KafkaEndpoints;
import io.callstream.flink.testing.CallFeed;
import io.callstream.flink.testing.ResultReader;
import io.callstream.flink.testing.TestKeys;
import io.callstream.flink.testing.TestSettings;
import io.callstream.llmtest.OpenAiTestServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The transcription job between the shared Kafka broker and MiniCluster, transcribing through the
 * OpenAI-compatible test server with the real SDK. The test server answers one segment per stretch
 * of speech it hears, so the segments' times say where the job cut and how it mapped chunk time to
 * call time. Speech is made with espeak-ng: known sentences with known pauses between them.
 */
@ExtendWith(SharedInfrastructure.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class TranscriptionJobIT {

  /** Generous: the build machines are small and shared, and a slow machine is not a failure. */
  private static final Duration DEADLINE = Duration.ofMinutes(4);

  private static final long TOLERANCE_MS = 250;
  private static final int PAUSE_MS = 700;

  private static OpenAiTestServer server;

  @BeforeAll
  static void startServer() {
    server = OpenAiTestServer.builder().start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void shouldTranscribeAudioCallsIntoSegmentsAtCallTime(KafkaEndpoint kafka, FlinkRunner flink)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String workspaceId = "ws-tr-" + run;
    TestKeys keys = TestKeys.create();
    AudioFixtures.Call mono =
        AudioFixtures.call(AudioFixtures.sentencesLasting(65_000, PAUSE_MS), PAUSE_MS, 500);
    AudioFixtures.Call stereo = AudioFixtures.dialogue(AudioFixtures.SENTENCES, PAUSE_MS, 500);
    byte[] silence = AudioFixtures.wav(new float[][] {new float[16_000 * 40]}, 16_000, 16);
    byte[] garbage = new byte[200_000];
    new Random(7).nextBytes(garbage);
    String monoCall = "mono-" + run;
    String stereoCall = "stereo-" + run;
    String silentCall = "silent-" + run;
    String corruptCall = "corrupt-" + run;

    JobClient job = submit(flink, kafka, keys, run);
    try (CallFeed feed = new CallFeed(kafka, keys)) {
      for (String callId : List.of(monoCall, stereoCall, silentCall, corruptCall)) {
        feed.send(CallFeed.started(workspaceId, callId, CallStarted.Source.UPLOAD));
      }
      feed.audio(workspaceId, monoCall, "audio/wav", mono.wav(), 64 * 1024);
      feed.audio(workspaceId, stereoCall, "audio/x-wav", stereo.wav(), 100_000);
      feed.audio(workspaceId, silentCall, "audio/wav", silence, 512 * 1024);
      feed.audio(workspaceId, corruptCall, "audio/mpeg", garbage, 64 * 1024);

      Map<String, List<CallstreamEvent>> events =
          ResultReader.awaitEvents(
              kafka,
              List.of(Topic.TRANSCRIPT, Topic.CALLS, Topic.INSIGHTS, Topic.PROGRESS),
              List.of(monoCall, stereoCall, silentCall, corruptCall),
              TranscriptionJobIT::ended,
              DEADLINE);

      assertMono(events.get(monoCall), mono);
      assertStereo(events.get(stereoCall), stereo);
      assertThat(of(events.get(silentCall), TranscriptSegment.class)).isEmpty();
      assertThat(of(events.get(silentCall), CallEnded.class).get(0).lastSequence()).isNull();
      CallAnalyzed failed = of(events.get(corruptCall), CallAnalyzed.class).get(0);
      assertThat(failed.status()).isEqualTo(CallAnalyzed.Status.FAILED);
      assertThat(failed.reason()).isNotBlank();
      assertThat(of(events.get(corruptCall), CallEnded.class)).isEmpty();
    } finally {
      job.cancel().get(1, TimeUnit.MINUTES);
    }
  }

  /**
   * Every segment lies inside a sentence, each sentence begins and ends where its segments do, and
   * every cut between transcription chunks (the {@code TRANSCRIBED} progress before the end) lies
   * in a pause.
   */
  private static void assertMono(List<CallstreamEvent> events, AudioFixtures.Call call) {
    List<TranscriptSegment> segments = of(events, TranscriptSegment.class);
    assertSegmentsFollowSpeech(segments, call.speech());
    assertThat(segments)
        .extracting(TranscriptSegment::sequence)
        .isEqualTo(java.util.stream.LongStream.range(0, segments.size()).boxed().toList());
    CallEnded ended = of(events, CallEnded.class).get(0);
    assertThat(ended.lastSequence()).isEqualTo(segments.size() - 1L);
    assertThat((double) ended.durationMs()).isCloseTo(call.durationMs(), within(100.0));
    assertThat(of(events, Progress.class))
        .filteredOn(p -> p.stage() == Progress.Stage.RECEIVED)
        .extracting(Progress::done)
        .contains(ended.durationMs());
    List<Long> cuts =
        of(events, Progress.class).stream()
            .filter(p -> p.stage() == Progress.Stage.TRANSCRIBED && p.done() < ended.durationMs())
            .map(Progress::done)
            .distinct()
            .toList();
    assertThat(cuts)
        .as("cuts between chunks of a %s ms call", call.durationMs())
        .hasSizeGreaterThanOrEqualTo(2);
    double lastSpeech = call.speech().get(call.speech().size() - 1).endMs();
    for (long cut : cuts) {
      assertThat(call.pauses().stream().anyMatch(p -> p.contains(cut)) || cut > lastSpeech)
          .as("the cut at %d ms is in a pause %s", cut, call.pauses())
          .isTrue();
    }
  }

  private static void assertStereo(List<CallstreamEvent> events, AudioFixtures.Call call) {
    List<TranscriptSegment> segments = of(events, TranscriptSegment.class);
    assertSegmentsFollowSpeech(segments, call.speech());
    for (TranscriptSegment segment : segments) {
      int turn = turnOf(segment, call.speech());
      assertThat(segment.speaker())
          .as("speaker of the segment at %d ms", segment.startMs())
          .isEqualTo(turn % 2 == 0 ? "channel_1" : "channel_2");
    }
    assertThat(segments).extracting(TranscriptSegment::speaker).contains("channel_1", "channel_2");
  }

  private static void assertSegmentsFollowSpeech(
      List<TranscriptSegment> segments, List<AudioFixtures.Span> speech) {
    SpeechAssertions.assertFollowsSpeech(
        segments.stream().map(TranscriptionJobIT::heard).toList(), speech, TOLERANCE_MS);
  }

  private static int turnOf(TranscriptSegment segment, List<AudioFixtures.Span> speech) {
    return SpeechAssertions.sentenceOf(heard(segment), speech, TOLERANCE_MS);
  }

  private static SpeechAssertions.Heard heard(TranscriptSegment segment) {
    return new SpeechAssertions.Heard(segment.startMs(), segment.endMs());
  }

  private static boolean ended(List<CallstreamEvent> events) {
    return events.stream().anyMatch(e -> e instanceof CallEnded || e instanceof CallAnalyzed);
  }

  private static <T> List<T> of(List<CallstreamEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static JobClient submit(
      FlinkRunner flink, KafkaEndpoint kafka, TestKeys keys, String run) {
    KafkaEndpoints endpoints =
        KafkaEndpoints.of(kafka.bootstrapServers(), "transcription-it-" + run)
            .from(Instant.now().minusSeconds(1));
    AnalysisSettings settings =
        TestSettings.local(keys)
            .withTranscription(
                TranscriptionSettings.of(
                    URI.create(server.baseUrl()), "sk-test", Duration.ofSeconds(10)));
    return flink.submit(
        "transcription " + run,
        env -> {
          CallstreamJobs.configure(env);
          new TranscriptionJob(
                  endpoints.source(Topic.AUDIO, io.callstream.core.event.AudioChunk.class),
                  endpoints.sink(Topic.TRANSCRIPT),
                  endpoints.sink(Topic.CALLS),
                  endpoints.sink(Topic.INSIGHTS),
                  endpoints.sink(Topic.PROGRESS),
                  settings)
              .addTo(env);
        });
  }
}
