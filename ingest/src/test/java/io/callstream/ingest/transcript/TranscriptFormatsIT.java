package io.callstream.ingest.transcript;

import static io.callstream.ingest.testing.IngestFixtures.call;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.event.Topic;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import io.callstream.ingest.testing.TopicRecords;
import io.callstream.ingest.transcript.format.MeetingFiles;
import io.callstream.ingest.transcript.format.ParsedSegment;
import io.callstream.ingest.transcript.format.ParsedTranscript;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real meetings uploaded over HTTP in every transcript format, down to the segments on Kafka; and
 * bad files answered with problem+json that points at the line.
 */
@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class TranscriptFormatsIT {

  private static final CloudEventCodec CODEC = CloudEventCodec.of("ingest-it");

  /** The meeting written in the formats no real file is in: 263 dialogue acts, 4 speakers. */
  private static final String MEETING = "IS1008a.da";

  private static RunningIngest ingest;
  private static TestWorkspace workspace;
  private static WebTestClient client;

  @BeforeAll
  static void setUp(RunningIngest running) {
    ingest = running;
    workspace = ingest.newWorkspace(Role.MEMBER);
    client = ingest.clientOf(workspace);
  }

  @Test
  void shouldImportAnAmiFileInFileOrderWithSequencesByStartTime() {
    byte[] file = MeetingFiles.bytes("ES2002a.da");
    List<String> speakersInFileOrder = new ArrayList<>();
    for (String line : new String(file, UTF_8).split("\r\n")) {
      String[] columns = line.split("\t");
      speakersInFileOrder.add(columns[4] + " (" + columns[3] + ")");
    }
    String callId = ingest.createCall(workspace, call("ES2002a kick-off", "upload"));

    upload(callId, "text/tab-separated-values", file)
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.segments")
        .isEqualTo(speakersInFileOrder.size())
        .jsonPath("$.lastSequence")
        .isEqualTo(speakersInFileOrder.size() - 1);

    List<TranscriptSegment> segments = segmentsOf(callId);
    assertThat(segments)
        .extracting(TranscriptSegment::speaker)
        .containsExactlyElementsOf(speakersInFileOrder);
    assertThat(segments.stream().map(TranscriptSegment::speaker).distinct()).hasSize(4);
    List<TranscriptSegment> bySequence =
        segments.stream().sorted(Comparator.comparingLong(TranscriptSegment::sequence)).toList();
    assertThat(bySequence)
        .extracting(TranscriptSegment::sequence)
        .containsExactlyElementsOf(LongStream.range(0, segments.size()).boxed().toList());
    assertThat(bySequence).extracting(TranscriptSegment::startMs).isSorted();
  }

  @Test
  void shouldImportAQmsumFileSentAsJson() {
    byte[] file = MeetingFiles.bytes("IS1004a.json");
    List<String> speakers = new ArrayList<>();
    for (JsonNode turn : JsonMapper.builder().build().readTree(file).get("meeting_transcripts")) {
      speakers.add(turn.get("speaker").asString());
    }
    String callId = ingest.createCall(workspace, call("IS1004a", "upload"));

    upload(callId, MediaType.APPLICATION_JSON_VALUE, file).expectStatus().isAccepted();

    List<TranscriptSegment> segments = segmentsOf(callId);
    assertThat(segments).extracting(TranscriptSegment::speaker).containsExactlyElementsOf(speakers);
    assertThat(segments)
        .extracting(TranscriptSegment::sequence)
        .containsExactlyElementsOf(LongStream.range(0, speakers.size()).boxed().toList());
    assertThat(segments).extracting(TranscriptSegment::startMs).isSorted();
  }

  static Stream<Arguments> writtenFormats() {
    return Stream.of(
        Arguments.of("text/vtt", (Function<ParsedTranscript, String>) MeetingFiles::webVtt),
        Arguments.of(
            "application/x-subrip", (Function<ParsedTranscript, String>) MeetingFiles::srt),
        Arguments.of("text/plain", (Function<ParsedTranscript, String>) MeetingFiles::plainText),
        Arguments.of("application/json", (Function<ParsedTranscript, String>) MeetingFiles::json));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writtenFormats")
  void shouldImportARealMeetingWrittenInEachFormat(
      String contentType, Function<ParsedTranscript, String> writer) {
    ParsedTranscript meeting = MeetingFiles.parsed(MEETING);
    List<ParsedSegment> expected = MeetingFiles.inTimeOrder(meeting);
    String callId = ingest.createCall(workspace, call(MEETING + " as " + contentType, "upload"));

    upload(callId, contentType, writer.apply(meeting).getBytes(UTF_8))
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.segments")
        .isEqualTo(expected.size());

    List<TranscriptSegment> segments = segmentsOf(callId);
    assertThat(segments)
        .extracting(TranscriptSegment::speaker)
        .containsExactlyElementsOf(expected.stream().map(ParsedSegment::speaker).toList());
    assertThat(segments.stream().map(TranscriptSegment::speaker).distinct()).hasSize(4);
    assertThat(segments)
        .extracting(TranscriptSegment::sequence)
        .containsExactlyElementsOf(LongStream.range(0, expected.size()).boxed().toList());
    assertThat(segments).extracting(TranscriptSegment::startMs).isSorted();
  }

  @Test
  void shouldTakeTheFormatParameterOverTheContentType() {
    String srt = MeetingFiles.srt(MeetingFiles.parsed(MEETING));
    String callId = ingest.createCall(workspace, call("SRT sent as plain text", "upload"));

    client
        .post()
        .uri(workspace.transcript(callId) + "?format=srt")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue(srt.getBytes(UTF_8))
        .exchange()
        .expectStatus()
        .isAccepted();

    assertThat(segmentsOf(callId)).hasSize(263);
  }

  @Test
  void shouldAnswerProblemWithTheLineOfABadTimeAndPublishNothing() {
    String vtt = MeetingFiles.webVtt(MeetingFiles.parsed(MEETING));
    List<String> lines = new ArrayList<>(vtt.lines().toList());
    // the timing line of the 100th cue: header, blank, then four lines a cue
    int index = 2 + 99 * 4 + 1;
    String timing = lines.get(index);
    String broken = timing.substring(0, timing.length() - 2) + "0x";
    lines.set(index, broken);
    String callId = ingest.createCall(workspace, call("Broken VTT", "upload"));

    upload(callId, "text/vtt", String.join("\n", lines).getBytes(UTF_8))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.title")
        .isEqualTo("Malformed transcript")
        .jsonPath("$.line")
        .isEqualTo(index + 1)
        .jsonPath("$.detail")
        .isEqualTo(
            "line "
                + (index + 1)
                + ": end time "
                + broken.substring(broken.indexOf("--> ") + 4)
                + " is not a timestamp (hh:mm:ss.ttt or mm:ss.ttt)");

    assertThat(segmentsOf(callId)).isEmpty();
  }

  @Test
  void shouldAnswerProblemForInvalidUtf8WithTheByteOffset() {
    String callId = ingest.createCall(workspace, call("Latin-1", "upload"));
    byte[] latin1 = "Ana: Bom dia.\nBen: Olá!\n".getBytes(ISO_8859_1);

    upload(callId, "text/plain", latin1)
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.line")
        .isEqualTo(2)
        .jsonPath("$.detail")
        .isEqualTo("line 2: byte 0xE1 at offset 21 is not valid UTF-8 (transcripts must be UTF-8)");
  }

  @Test
  void shouldAnswerProblemForAnEmptyBody() {
    String callId = ingest.createCall(workspace, call("Nothing", "upload"));

    client
        .post()
        .uri(workspace.transcript(callId))
        .contentType(MediaType.parseMediaType("text/vtt"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("line 1: the transcript is empty");
  }

  @Test
  void shouldAnswer415ListingTheSupportedFormats() {
    String callId = ingest.createCall(workspace, call("Word file", "upload"));

    client
        .post()
        .uri(workspace.transcript(callId) + "?format=docx")
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .bodyValue("PK".getBytes(UTF_8))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.supportedFormats")
        .isEqualTo(List.of("json", "vtt", "srt", "text", "ami-da", "qmsum"))
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains("'docx'", "text/vtt"));
    upload(callId, "application/pdf", "%PDF".getBytes(UTF_8))
        .expectStatus()
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }

  @Test
  void shouldAnswer422NamingASpeakerOutsideTheCallsParticipants() {
    String callId =
        ingest.createCall(
            workspace,
            Map.of(
                "title",
                "Closed list",
                "source",
                "upload",
                "participants",
                List.of(
                    Map.of("name", "Ana", "role", "host"),
                    Map.of("name", "Ben", "role", "guest"))));

    upload(callId, "text/plain", "Ana: Hi Ben.\nBen: Hi.\nZed: Who invited me?\n".getBytes(UTF_8))
        .expectStatus()
        .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.speaker")
        .isEqualTo("Zed")
        .jsonPath("$.line")
        .isEqualTo(3)
        .jsonPath("$.detail")
        .isEqualTo(
            "line 3: speaker 'Zed' is not a participant of this call (participants: Ana, Ben)");
    assertThat(segmentsOf(callId)).isEmpty();

    upload(callId, "text/plain", "ana: Hi Ben.\n BEN : Hi.\n".getBytes(UTF_8))
        .expectStatus()
        .isAccepted();
    assertThat(segmentsOf(callId))
        .extracting(TranscriptSegment::speaker)
        .containsExactly("ana", "BEN");
  }

  private static WebTestClient.ResponseSpec upload(String callId, String contentType, byte[] body) {
    return client
        .post()
        .uri(workspace.transcript(callId))
        .contentType(MediaType.parseMediaType(contentType))
        .bodyValue(body)
        .exchange();
  }

  private static List<TranscriptSegment> segmentsOf(String callId) {
    return TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId).stream()
        .map(CODEC::decode)
        .map(TranscriptSegment.class::cast)
        .toList();
  }
}
