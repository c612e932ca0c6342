package io.callstream.query.privacy.rectification;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.result.ResultJson;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.privacy.PrivacyFixtures;
import io.callstream.query.privacy.PrivacyFixtures.Answer;
import io.callstream.query.privacy.PrivacyFixtures.StoredCall;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Rectification over HTTP on a call stored from a real meeting: a speaker renamed everywhere it is
 * stored, an insight's text replaced and re-encrypted for its call, both audited without content.
 */
@ExtendWith(SharedInfrastructure.class)
class RectificationIT {

  private static final String NEW_NAME = "Ana Ruiz";

  private static PrivacyFixtures fixtures;

  private String workspaceId;
  private String manager;
  private StoredCall call;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    fixtures = PrivacyFixtures.start(infrastructure, Map.of());
  }

  @AfterAll
  static void stop() {
    fixtures.close();
  }

  @BeforeEach
  void storedCall() {
    workspaceId = fixtures.newWorkspace("growth");
    manager = fixtures.newKey(workspaceId, Role.MANAGER);
    call = fixtures.storeCall(workspaceId, Instant.now());
  }

  @Test
  void shouldRenameASpeakerEverywhereItIsStored() {
    String old = call.speakers().get(0);
    long turns = call.turns().stream().filter(turn -> turn.speaker().equals(old)).count();
    long talkBefore = talkMs(fixtures.send("GET", callPath("/metrics"), manager, null).json());

    Answer answer = renameSpeaker(manager, old, NEW_NAME);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().get("segments").asLong()).isEqualTo(turns);
    assertThat(answer.json().get("participants").asLong()).isEqualTo(1);
    assertThat(answer.json().get("metrics").asLong()).isEqualTo(1);
    List<String> speakers = new ArrayList<>();
    fixtures
        .send("GET", callPath("/transcript"), manager, null)
        .json()
        .get("items")
        .forEach(segment -> speakers.add(segment.get("speaker").asString()));
    assertThat(speakers).doesNotContain(old).contains(NEW_NAME);
    assertThat(speakers.stream().filter(NEW_NAME::equals).count()).isEqualTo(turns);
    JsonNode metrics = fixtures.send("GET", callPath("/metrics"), manager, null).json();
    assertThat(metrics.get("talkMsBySpeaker").has(old)).isFalse();
    assertThat(metrics.get("talkMsBySpeaker").get(NEW_NAME).asLong()).isPositive();
    assertThat(talkMs(metrics)).as("talk time moves, none is lost").isEqualTo(talkBefore);
    assertThat(
            fixtures
                .owner()
                .count(
                    "select count(*) from call_participants where workspace_id = ? and call_id = ?"
                        + " and name = ?",
                    workspaceId,
                    call.callId(),
                    old))
        .isZero();
    assertThat(
            fixtures
                .owner()
                .count(
                    "select count(*) from live_events where workspace_id = ? and call_id = ?"
                        + " and strpos(convert_from(event, 'UTF8'), ?) > 0",
                    workspaceId,
                    call.callId(),
                    "\"" + old + "\""))
        .as("live events an SSE stream replays")
        .isZero();
  }

  @Test
  void shouldAuditARenameWithoutTheNames() {
    String old = call.speakers().get(0);

    renameSpeaker(manager, old, NEW_NAME);

    List<JsonNode> entries = fixtures.audit(workspaceId, "CALL_RECTIFIED");
    assertThat(entries).hasSize(1);
    String diff = entries.get(0).get("diff").toString();
    assertThat(entries.get(0).get("diff").get("change").asString()).isEqualTo("speaker_renamed");
    assertThat(diff).contains(call.callId()).doesNotContain(old).doesNotContain(NEW_NAME);
  }

  @Test
  void shouldReplaceAnInsightsTextReencryptedForItsCall() throws IOException {
    String text = "Send the revised remote control design by Friday";

    Answer answer =
        fixtures.send(
            "PATCH",
            callPath("/insights/" + call.insightId()),
            manager,
            "{\"text\": \"" + text + "\"}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().get("text").asString()).isEqualTo(text);
    JsonNode stored =
        fixtures.send("GET", callPath("/insights"), manager, null).json().get("items").get(0);
    assertThat(stored.get("text").asString()).isEqualTo(text);
    assertThat(stored.get("owner").asString()).as("kept").isEqualTo("Ana");
    byte[] ciphertext =
        (byte[])
            fixtures
                .owner()
                .query(
                    "select body from call_insights where workspace_id = ? and call_id = ?"
                        + " and insight_id = ?",
                    workspaceId,
                    call.callId(),
                    call.insightId())
                .get(0)
                .get("body");
    FieldCipher cipher = fixtures.api().bean(FieldCipher.class);
    assertThat(
            ResultJson.readInsight(
                    cipher.decrypt(workspaceId, call.callId(), Field.INSIGHT, ciphertext))
                .text())
        .isEqualTo(text);
    List<JsonNode> entries = fixtures.audit(workspaceId, "CALL_RECTIFIED");
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).get("diff").get("insightId").asString()).isEqualTo(call.insightId());
    assertThat(entries.get(0).get("diff").toString()).doesNotContain(text);
  }

  @Test
  void shouldAnswer404ForWhatTheWorkspaceDoesNotHold() {
    String otherWorkspace = fixtures.newWorkspace("growth");
    String theirCall = fixtures.newCall(otherWorkspace, Instant.now());

    Answer unknownSpeaker = renameSpeaker(manager, "Nobody Here", NEW_NAME);
    Answer unknownInsight =
        fixtures.send("PATCH", callPath("/insights/no-such-insight"), manager, "{\"text\": \"x\"}");
    Answer theirs =
        fixtures.send(
            "PATCH",
            "/v1/workspaces/" + workspaceId + "/calls/" + theirCall + "/speakers",
            manager,
            "{\"from\": \"a\", \"to\": \"b\"}");

    assertThat(unknownSpeaker.status()).isEqualTo(404);
    assertThat(unknownInsight.status()).isEqualTo(404);
    assertThat(theirs.status()).isEqualTo(404);
    assertThat(theirs.contentType()).startsWith("application/problem+json");
    assertThat(fixtures.audit(workspaceId, "CALL_RECTIFIED")).isEmpty();
  }

  @Test
  void shouldRefuseMembersAndBlankValues() {
    String old = call.speakers().get(0);

    Answer member = renameSpeaker(fixtures.newKey(workspaceId, Role.MEMBER), old, NEW_NAME);
    Answer blank = renameSpeaker(manager, old, "  ");
    Answer blankText =
        fixtures.send(
            "PATCH", callPath("/insights/" + call.insightId()), manager, "{\"text\": \"\"}");

    assertThat(member.status()).isEqualTo(403);
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.contentType()).startsWith("application/problem+json");
    assertThat(blankText.status()).isEqualTo(400);
    assertThat(
            fixtures
                .owner()
                .count(
                    "select count(*) from call_transcript_segments where workspace_id = ?"
                        + " and call_id = ? and speaker = ?",
                    workspaceId,
                    call.callId(),
                    old))
        .isEqualTo(call.turns().stream().map(Meeting.Turn::speaker).filter(old::equals).count());
  }

  private Answer renameSpeaker(String token, String from, String to) {
    return fixtures.send(
        "PATCH",
        callPath("/speakers"),
        token,
        PrivacyFixtures.JSON.createObjectNode().put("from", from).put("to", to).toString());
  }

  private String callPath(String rest) {
    return "/v1/workspaces/" + workspaceId + "/calls/" + call.callId() + rest;
  }

  private static long talkMs(JsonNode metrics) {
    long total = 0;
    for (JsonNode ms : metrics.get("talkMsBySpeaker").values()) {
      total += ms.asLong();
    }
    return total;
  }
}
