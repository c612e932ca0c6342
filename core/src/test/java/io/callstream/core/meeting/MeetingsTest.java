package io.callstream.core.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeetingsTest {

  @Test
  void shouldLoadEveryMeetingWithTurnsInTimeOrder() {
    for (Meeting meeting : Meetings.all()) {
      assertThat(meeting.turns()).as(meeting.name()).hasSizeGreaterThan(50);
      assertThat(meeting.turns()).extracting(Meeting.Turn::startMs).isSorted();
      assertThat(meeting.turns()).allSatisfy(turn -> assertThat(turn.text()).doesNotContain("{"));
    }
  }

  @Test
  void shouldReadTopicSpansAndReferences() {
    assertThat(Meetings.load("education_19").topics()).hasSize(7);
    assertThat(Meetings.load("ES2002a.da").actionItems()).isNotEmpty();
    assertThat(Meetings.load("IS1008a.da").decisions()).isNotEmpty();
    assertThat(Meetings.load("education_19").durationMs()).isGreaterThan(40 * 60_000);
  }
}
